import { initTRPC } from '@trpc/server';
import { describeEachBackend } from '@warden/db/testing';
import { expect, it } from 'vitest';
import { type Codename, product, registry, setUp } from '../../test/fixture.js';
import type { AuthUser } from '../types.js';
import { canCall } from './can-call.js';
import { permissionClasses } from './classes.js';
import { createContextProtect, type PermissionSource, publicAccess } from './middleware.js';

type Ctx = { user: AuthUser | null; authz: PermissionSource<Codename> };
const t = initTRPC.context<Ctx>().meta<{ public?: string }>().create();
const p = permissionClasses(registry);
const protect = createContextProtect<Codename, AuthUser>();

// The guards are read back from the protect() middlewares: nothing for the author to declare.
const router = t.router({
  list: t.procedure
    .use(protect(p.modelPermissions(product, { mutation: 'change' })))
    .query(() => 1),
  edit: t.procedure
    .use(protect(p.or(p.isAdminUser, p.objectPermissions(product, { mutation: 'change' }))))
    .mutation(() => 1),
  health: t.procedure.meta(publicAccess('load balancer probe')).query(() => 'ok'),
  forgotten: t.procedure.mutation(() => 'oops'),
});

describeEachBackend('canCall', (db) => {
  it('answers from the guards, and refuses what has none (fail closed)', async () => {
    const { authz, grants } = await setUp(db.db);
    const { id } = await grants.createUser({ username: 'ann' });
    await grants.grant({ user: id }, 'shop.view_product');
    const ann = { id, isActive: true, isSuperuser: false };
    expect(
      await canCall(router, authz, ann, ['list', 'edit', 'health', 'forgotten', 'nope']),
    ).toEqual({
      list: true,
      edit: true, // model level: objectPermissions asks only for a user
      health: true,
      forgotten: false, // before: true for every procedure without permissionMeta
      nope: null,
    });
    expect(await canCall(router, authz, null, ['list', 'health'])).toEqual({
      list: false,
      health: true,
    });
  });
});
