export {
  type Backend,
  type Connection,
  type CreateDbOptions,
  connectionFromEnv,
  createDb,
  type Database,
  type DbHandle,
  executeRows,
  type ListenTarget,
} from './create-db.js';
export { type DbEnv, dbEnvSchema, EnvError, parseEnv, readDbEnv, redactUrl } from './env.js';
export { DatabaseInUseError } from './pglite-lock.js';
export { behindPooler, type DbNotice, type PrepareSetting } from './pooler.js';
