import * as schema from './tables.js';

export { ACTIVE_SCOPE_HEADER, activeScope } from './orgs/active.js';
export { type Apps, apps, type Codename, registry } from './registry.js';
export { type AppRouter, appRouter } from './router.js';
export {
  everyProductPage,
  type ProductListInput,
  productListAnswer,
  productListInput,
} from './shop/product-page.js';
export { type ApiContext, perms } from './trpc.js';
export { schema };
export type Schema = typeof schema;
export { type DemoLogin, demoLoginLines, seedDemo } from './demo.js';
export { appMigrations, migrations } from './migrations.js';
