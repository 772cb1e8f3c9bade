export {
  type Backend,
  type Connection,
  type CreateDbOptions,
  connectionFromEnv,
  createDb,
  type Database,
  type DbHandle,
  executeRows,
} from './create-db';
export { type DbEnv, dbEnvSchema, EnvError, parseEnv, readDbEnv, redactUrl } from './env';
export type { ListenHandlers, Unlisten } from './listen';
export { DatabaseInUseError } from './pglite-lock';
