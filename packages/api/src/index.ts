import { fileURLToPath } from 'node:url';
import * as schema from './tables';

export { type Codename, registry } from './registry';
export { schema };
export type Schema = typeof schema;
export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));
