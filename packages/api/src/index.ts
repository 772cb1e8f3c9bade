import * as schema from './tables.js';

export { isDatabaseUnavailable } from './database-unavailable.js';
export { type Apps, apps, type Codename, registry } from './registry.js';
export { type AppRouter, appRouter } from './router.js';
export { type ApiContext, DATABASE_UNAVAILABLE, perms } from './trpc.js';
export { schema };
export type Schema = typeof schema;
export { type DemoLogin, seedDemo } from './demo.js';
export { appMigrations, migrations } from './migrations.js';
