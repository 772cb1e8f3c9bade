import { fileURLToPath } from 'node:url';

/** auth's tables with authz's (which they reference), for auth's own tests. */
export const authMigrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));
