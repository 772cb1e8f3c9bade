import { describeEachBackend } from '@warden/db/testing';
import { expect, it } from 'vitest';
import { setUp } from '../../test/fixture.js';
import { guardedRouter as router } from '../../test/guarded-router.js';
import { canCall } from './can-call.js';

describeEachBackend('canCall', (db) => {
  it('answers from the guards, and refuses what has none (fail closed)', async () => {
    const { authz, grants } = await setUp(db.db);
    const { id } = await grants.createUser({ username: 'ann' });
    await grants.grant({ user: id }, 'shop.view_product');
    const ann = { id, isActive: true, isSuperuser: false };
    const paths = ['products.list', 'products.edit', 'health', 'forgotten', 'nope'];
    expect(await canCall(router, authz, ann, paths)).toEqual({
      'products.list': true,
      'products.edit': true, // model level: objectPermissions asks only for a user
      health: true,
      forgotten: false, // read from the guard: no meta to forget
      nope: null,
    });
    expect(await canCall(router, authz, null, ['products.list', 'health'])).toEqual({
      'products.list': false,
      health: true,
    });
  });
});
