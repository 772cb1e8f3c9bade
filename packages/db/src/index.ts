export {
  type Backend,
  type CreateDbOptions,
  createDb,
  type Database,
  type DbHandle,
  executeRows,
  migrationsFolder,
  type Schema,
} from './create-db';
export { type DbEnv, dbEnvSchema, EnvError, parseEnv, readDbEnv, redactUrl } from './env';
export * as schema from './schema';
