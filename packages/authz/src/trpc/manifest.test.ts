import { describe, expect, it } from 'vitest';
import { guardedRouter as router, t } from '../../test/guarded-router.js';
import { UnguardedProcedureError } from '../errors.js';
import { assertEveryProcedureGuarded, formatManifest, permissionManifest } from './manifest.js';

// Every procedure accounted for: the guard is read back from the protect() middleware itself, so
// a procedure written as the README says (no meta) is in the manifest, and one with no guard and
// no publicAccess mark is named by the router check (and refused by canCall, can-call.test.ts).
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
