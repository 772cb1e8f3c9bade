import { initTRPC } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { guardedRouter as router, t } from '../../test/guarded-router.js';
import { type ScopedCodename, scopedRegistry, task } from '../../test/scoped-fixture.js';
import { UnguardedProcedureError } from '../errors.js';
import type { AuthUser } from '../types.js';
import { permissionClasses } from './classes.js';
import { assertEveryProcedureGuarded, formatManifest, permissionManifest } from './manifest.js';
import { createContextProtect, type PermissionSource } from './middleware.js';

// Every procedure accounted for: the guard is read back from the protect() middleware itself, so
// a procedure written as the README says (no meta) is in the manifest, and one with no guard and
// no publicAccess mark is named by the router check (and refused by canCall, can-call.test.ts).
describe('the permission manifest and the router check', () => {
  it('lists each procedure with its guard and the codenames it can require', () => {
    expect(permissionManifest(router)).toEqual([
      { path: 'forgotten', kind: 'mutation', guard: null, public: null, codenames: [], within: [] },
      {
        path: 'health',
        kind: 'query',
        guard: null,
        public: 'load balancer probe',
        codenames: [],
        within: [],
      },
      {
        path: 'products.edit',
        kind: 'mutation',
        guard: '(isAdminUser | objectPermissions(shop.product, change))',
        public: null,
        codenames: ['shop.change_product', 'shop.view_product'],
        within: [],
      },
      {
        path: 'products.list',
        kind: 'query',
        guard: 'modelPermissions(shop.product, change)',
        public: null,
        codenames: ['shop.view_product'],
        within: [],
      },
    ]);
    expect(formatManifest(permissionManifest(router))).toContain(
      'forgotten      mutation  UNGUARDED',
    );
  });

  it('names, with the registry, the scopes in which a role or grant can pass each guard', () => {
    const p = permissionClasses(scopedRegistry);
    const protect = createContextProtect<ScopedCodename, AuthUser>();
    const s = initTRPC
      .context<{ user: AuthUser | null; authz: PermissionSource<ScopedCodename> }>()
      .create();
    const scoped = s.router({
      tasks: s.procedure
        .use(protect(p.modelPermissions(task, { mutation: 'change' })))
        .mutation(() => 1),
      organization: s.procedure
        .use(protect(p.permissionRequired('orgs.change_organization')))
        .mutation(() => 1),
      me: s.procedure.use(protect(p.isAuthenticated)).query(() => 1),
    });
    const within = (path: string) =>
      permissionManifest(scoped, { registry: scopedRegistry }).find((e) => e.path === path)?.within;
    expect(within('tasks')).toEqual(['orgs.organization', 'orgs.project']);
    expect(within('organization')).toEqual(['orgs.organization']);
    expect(within('me')).toEqual([]);
    expect(permissionManifest(scoped).every((e) => e.within.length === 0)).toBe(true);
    const table = formatManifest(permissionManifest(scoped, { registry: scopedRegistry }));
    expect(table.split('\n')[0]).toMatch(/^procedure +kind +guard +held within +codenames/);
    expect(table).toMatch(
      /tasks +mutation +modelPermissions\(orgs\.task, change\) +orgs\.organization, orgs\.project +orgs\.change_task/,
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
