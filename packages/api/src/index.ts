import * as schema from './tables';

export { isDatabaseUnavailable } from './database-unavailable';
export { type Apps, apps, type Codename, registry } from './registry';
export { type AppRouter, appRouter } from './router';
export { type ApiContext, DATABASE_UNAVAILABLE, perms } from './trpc';
export { schema };
export type Schema = typeof schema;
export { type DemoLogin, seedDemo } from './demo';
export { migrationsFolder } from './migrations';
