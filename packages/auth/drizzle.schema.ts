// What drizzle-kit generates this package's migrations from: auth's own tables only. schema.ts
// also re-exports authz's tables (for queries and foreign keys in one import); their DDL is authz's
// migrations, applied before these (`wardenMigrations`).
export { apiToken, loginThrottle, session } from './src/schema.js';
