import { describeEachBackend } from '@warden/db/testing';
import { beforeAll, expect, it } from 'vitest';
import { setUp } from '../test/fixture.js';
import type { AuthUser } from './types.js';

// `explain` gives hasPerm's decision with its reason; every reason, on both backends.
describeEachBackend('explain', (t) => {
  let made: Awaited<ReturnType<typeof setUp>>;
  const users: Record<string, AuthUser> = {};
  const as = (name: string): AuthUser => {
    const found = users[name];
    if (found === undefined) throw new Error(name);
    return found;
  };

  beforeAll(async () => {
    made = await setUp(t.db);
    const { grants } = made;
    for (const [name, flags] of [
      ['direct', {}],
      ['grouped', {}],
      ['objects', {}],
      ['nothing', {}],
      ['root', { isSuperuser: true }],
      ['gone', { isActive: false, isSuperuser: true }],
    ] as const) {
      const { id } = await grants.createUser({ username: name, ...flags });
      users[name] = { id, isActive: true, isSuperuser: false, ...flags };
    }
    await grants.grant({ user: { username: 'direct' } }, 'shop.change_product');
    for (const g of ['Editors', 'Admins']) {
      await grants.createGroup(g);
      await grants.grant({ group: { name: g } }, 'shop.change_product');
      await grants.addToGroup({ username: 'grouped' }, { name: g });
      await grants.grant({ group: { name: g } }, 'shop.delete_product', 3);
      await grants.addToGroup({ username: 'objects' }, { name: g });
    }
    await grants.grant({ user: { username: 'objects' } }, 'shop.view_product', 2);
  });

  it('names the rule that decided', async () => {
    const why = (user: AuthUser | null, codename: string, object?: number) =>
      made.authz.explain(user, codename, object);
    expect(await why(null, 'shop.view_product')).toMatchObject({
      allowed: false,
      reason: 'anonymous',
    });
    expect(await why(as('gone'), 'shop.view_product')).toMatchObject({
      allowed: false,
      reason: 'inactive',
    });
    expect(await why(as('root'), 'shop.view_product')).toMatchObject({
      allowed: true,
      reason: 'superuser',
    });
    expect(await why(as('direct'), 'shop.change_product', 9)).toMatchObject({
      allowed: true,
      reason: 'user-grant',
      message: 'granted to the user directly (a global grant, covering every object)',
    });
    expect(await why(as('grouped'), 'shop.change_product')).toMatchObject({
      allowed: true,
      reason: 'group-grant',
      groups: ['Admins', 'Editors'],
    });
    expect(await why(as('objects'), 'shop.view_product', 2)).toMatchObject({
      allowed: true,
      reason: 'user-object-grant',
      object: '2',
    });
    expect(await why(as('objects'), 'shop.delete_product', 3)).toMatchObject({
      allowed: true,
      reason: 'group-object-grant',
      groups: ['Admins', 'Editors'],
      message:
        "granted on shop.product 3 to the group(s) 'Admins', 'Editors', which the user is in",
    });
    expect(await why(as('objects'), 'shop.delete_product', 4)).toMatchObject({
      allowed: false,
      reason: 'none',
      message:
        'no grant of shop.delete_product on shop.product 4: not to the user, nor to any of their groups',
    });
    expect(await why(as('nothing'), 'shop.can_add')).toMatchObject({
      allowed: false,
      reason: 'unknown-codename',
      message: "'shop.can_add' is no permission codename; did you mean 'shop.add_product'?",
    });
  });

  it('agrees with hasPerm on every case', async () => {
    for (const name of Object.keys(users))
      for (const codename of [
        'shop.view_product',
        'shop.change_product',
        'shop.delete_product',
      ] as const)
        for (const object of [undefined, 2, 3]) {
          const user = { ...as(name) };
          expect((await made.authz.explain(user, codename, object)).allowed).toBe(
            await made.authz.hasPerm(user, codename, object),
          );
        }
  });
});
