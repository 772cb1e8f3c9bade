import { initTRPC } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { type Codename, product, registry } from '../../test/fixture.js';
import { UnguardedProcedureError } from '../errors.js';
import type { AuthUser } from '../types.js';
import { permissionClasses } from './classes.js';
import { assertEveryProcedureGuarded, formatManifest, permissionManifest } from './manifest.js';
import { createContextProtect, type PermissionSource, publicAccess } from './middleware.js';

// Every procedure accounted for: the guard is read back from the protect() middleware itself, so
// a procedure written as the README says (no meta) is in the manifest, and one with no guard and
// no publicAccess mark is named by the router check (and refused by canCall, can-call.test.ts).
type Ctx = { user: AuthUser | null; authz: PermissionSource<Codename> };
const t = initTRPC.context<Ctx>().meta<{ public?: string }>().create();
const p = permissionClasses(registry);
const protect = createContextProtect<Codename, AuthUser>();

const router = t.router({
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

describe('the permission manifest and the router check', () => {
  it('lists each procedure with its guard and the codenames it can require', () => {
    expect(permissionManifest(router)).toEqual([
      { path: 'forgotten', kind: 'mutation', guard: null, public: null, codenames: [] },
      {
        path: 'health',
        kind: 'query',
        guard: null,
        public: 'load balancer probe',
        codenames: [],
      },
      {
        path: 'products.edit',
        kind: 'mutation',
        guard: '(isAdminUser | objectPermissions(shop.product, change))',
        public: null,
        codenames: ['shop.change_product', 'shop.view_product'],
      },
      {
        path: 'products.list',
        kind: 'query',
        guard: 'modelPermissions(shop.product, change)',
        public: null,
        codenames: ['shop.view_product'],
      },
    ]);
    expect(formatManifest(permissionManifest(router))).toContain(
      'forgotten      mutation  UNGUARDED',
    );
  });

  it('names every procedure that is neither guarded nor public', () => {
    expect(() => assertEveryProcedureGuarded(router)).toThrow(UnguardedProcedureError);
    expect(() => assertEveryProcedureGuarded(router)).toThrow(/1 procedure\(s\).*: forgotten\./);
    expect(() =>
      assertEveryProcedureGuarded(t.router({ health: router.health, products: router.products })),
    ).not.toThrow();
  });
});
