import { initTRPC } from '@trpc/server';
import { permissionClasses } from '../src/trpc/classes.js';
import { publicAccess } from '../src/trpc/guards.js';
import { createContextProtect, type PermissionSource } from '../src/trpc/middleware.js';
import type { AuthUser } from '../src/types.js';
import { type Codename, product, registry } from './fixture.js';

// A router as the README writes one (no meta on guarded procedures), with one procedure of each
// kind: guarded at model level, guarded with an object-level class, public, and forgotten (neither
// guarded nor public), for the manifest's and canCall's tests.
type Ctx = { user: AuthUser | null; authz: PermissionSource<Codename> };
export const t = initTRPC.context<Ctx>().meta<{ public?: string }>().create();
const p = permissionClasses(registry);
const protect = createContextProtect<Codename, AuthUser>();

export const guardedRouter = t.router({
  products: t.router({
    list: t.procedure
      .use(protect(p.modelPermissions(product, { mutation: 'change' })))
      .query(() => 1),
    edit: t.procedure
      .use(protect(p.or(p.isAdminUser, p.objectPermissions(product, { mutation: 'change' }))))
      .mutation(() => 1),
  }),
  health: t.procedure.meta(publicAccess('load balancer probe')).query(() => 'ok'),
  forgotten: t.procedure.mutation(() => 'oops'),
});
