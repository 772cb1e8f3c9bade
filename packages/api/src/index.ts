import * as schema from './tables';

export { type Apps, apps, type Codename, registry } from './registry';
export { type AppRouter, appRouter } from './router';
export { type ApiContext, perms } from './trpc';
export { schema };
export type Schema = typeof schema;
export { type DemoLogin, seedDemo } from './demo';
export { migrationsFolder } from './migrations';
