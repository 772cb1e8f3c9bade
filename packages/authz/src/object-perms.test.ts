import { describeEachBackend } from '@warden/db/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { type product, setUp } from '../test/fixture.js';
import { WrongModelError } from './errors.js';
import type { group, user } from './schema.js';
import type { AuthUser } from './types.js';

// An object check is about one object of the codename's model. Before, a product row handed to a
// check of a user permission was answered about whichever user shared the product's id.

type ProductRow = typeof product.$inferSelect;
type GroupRow = typeof group.$inferSelect;
type UserRow = typeof user.$inferSelect;

describeEachBackend('object checks take objects of the codename’s model', (t) => {
  let made: Awaited<ReturnType<typeof setUp>>;
  let groupId = 0;
  const users: Record<'grantee' | 'super', AuthUser> = {
    grantee: { id: 0, isActive: true, isSuperuser: false },
    super: { id: 0, isActive: true, isSuperuser: true },
  };

  beforeAll(async () => {
    made = await setUp(t.db);
    for (const name of ['grantee', 'super'] as const) {
      const { id } = await made.grants.createUser({
        username: name,
        isSuperuser: users[name].isSuperuser,
      });
      users[name] = { ...users[name], id };
    }
    ({ id: groupId } = await made.grants.createGroup('g1'));
    await made.grants.grant({ user: { username: 'grantee' } }, 'auth.change_group', groupId);
    // An object grant on user `super`; product #id exists too (the fixture has products 1–30).
    await made.grants.grant({ user: { username: 'grantee' } }, 'auth.change_user', users.super.id);
  });

  it('answers about the object of the right model', async () => {
    const groupRow: GroupRow = { id: groupId, name: 'g1' };
    expect(await made.authz.hasPerm({ ...users.grantee }, 'auth.change_group', groupRow)).toBe(
      true,
    );
    expect(await made.authz.hasPerm({ ...users.grantee }, 'auth.change_group', groupId)).toBe(true);
  });

  it('refuses another model’s row at run time, for superusers too', async () => {
    // A product with the user's id: before, the answer was about user #id (true for grantee).
    const productRow: ProductRow = { id: users.super.id, name: 'product', ownerId: null };
    for (const who of ['grantee', 'super'] as const) {
      await expect(
        made.authz.hasPermOn({ ...users[who] }, 'auth.change_user', productRow),
      ).rejects.toThrow(WrongModelError);
      await expect(
        made.authz.hasPermOn({ ...users[who] }, 'auth.change_user', productRow),
      ).rejects.toThrow(/^the object is not a row of 'auth_user' \(it has 'name'/);
    }
    await expect(
      made.grants.grant(
        { user: { username: 'grantee' } },
        'shop.view_product',
        // @ts-expect-error: a user row is no product (a compile error; at run time WrongModelError)
        { id: 1, username: 'x' },
      ),
    ).rejects.toThrow(WrongModelError);
  });
});

describe('types', () => {
  it('types the object by the codename’s table', () => {
    type Authz = Awaited<ReturnType<typeof setUp>>['authz'];
    // (A group row and this fixture's product row have the same shape, so only rows whose shapes
    // differ can be told apart by the compiler; the run-time check covers the rest.)
    const check = (authz: Authz, who: AuthUser, productRow: ProductRow, userRow: UserRow) => {
      void authz.hasPerm(who, 'shop.change_product', productRow);
      void authz.hasPerm(who, 'shop.change_product', 7);
      void authz.hasPerm(who, 'auth.change_user', userRow);
      // @ts-expect-error a user row is no object of shop.product
      void authz.hasPerm(who, 'shop.change_product', userRow);
      // @ts-expect-error a product row is no object of auth.user
      void authz.hasPerm(who, 'auth.change_user', productRow);
      // @ts-expect-error nor under hasPerms
      void authz.hasPerms(who, ['auth.change_user', 'auth.view_user'], productRow);
    };
    expect(check).toBeTypeOf('function');
  });
});
