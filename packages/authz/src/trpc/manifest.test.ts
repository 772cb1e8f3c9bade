import { initTRPC } from '@trpc/server';
import { describeEachBackend } from '@warden/db/testing';
import { describe, expect, it } from 'vitest';
import { type Codename, product, registry, setUp } from '../../test/fixture.js';
import { UnguardedProcedureError } from '../errors.js';
import type { AuthUser } from '../types.js';
import { canCall } from './can-call.js';
import { permissionClasses } from './classes.js';
import { assertEveryProcedureGuarded, formatManifest, permissionManifest } from './manifest.js';
import { createContextProtect, type PermissionSource, publicAccess } from './middleware.js';

// Every procedure accounted for: the guard is read back from the protect() middleware itself, so
// a procedure written as the README says (no meta) is in the manifest, and one with no guard and
// no publicAccess mark is named by the router check and refused by canCall.
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

describeEachBackend('canCall', (db) => {
  it('answers from the guards, and refuses what has none (fail closed)', async () => {
    const { authz, grants } = await setUp(db.db);
    const { id } = await grants.createUser({ username: 'ann' });
    await grants.grant({ user: id }, 'shop.view_product');
    const ann = { id, isActive: true, isSuperuser: false };
    expect(
      await canCall(router, authz, ann, [
        'products.list',
        'products.edit',
        'health',
        'forgotten',
        'nope',
      ]),
    ).toEqual({
      'products.list': true,
      'products.edit': true, // model level: objectPermissions asks only for a user
      health: true,
      forgotten: false, // before: true for every procedure without permissionMeta
      nope: null,
    });
    expect(await canCall(router, authz, null, ['products.list', 'health'])).toEqual({
      'products.list': false,
      health: true,
    });
  });
});
