import { fileURLToPath } from 'node:url';

/**
 * The application's migrations (what the server applies). A module of its own, importing nothing
 * else of the app, so test configs can read it without loading the routers; exported as source
 * (`@warden/api/migrations`), since Vitest loads its config without the workspace condition.
 */
export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));
