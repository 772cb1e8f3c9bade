import { describeEachBackend } from '@warden/db/testing';
import { count } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { beforeAll, expect, it } from 'vitest';
import { type Codename, type registry, setUp } from '../test/fixture.js';
import { UnknownCodenameError } from './codenames.js';
import { ConflictError, NotFoundError, PermissionNotSyncedError } from './errors.js';
import { createGrants } from './grants.js';
import { defineModels } from './registry.js';
import {
  group,
  groupObjectPermission,
  groupPermission,
  user,
  userGroup,
  userObjectPermission,
  userPermission,
} from './schema.js';

describeEachBackend('managing grants', (t) => {
  let grants: ReturnType<
    typeof createGrants<typeof registry extends never ? never : never, Codename>
  >;
  const total = async () => {
    let n = 0;
    for (const table of [
      userPermission,
      groupPermission,
      userObjectPermission,
      groupObjectPermission,
      userGroup,
    ] as PgTable[]) {
      n += (await t.db.select({ n: count() }).from(table))[0]?.n ?? 0;
    }
    return n;
  };

  beforeAll(async () => {
    ({ grants } = (await setUp(t.db)) as never);
    await grants.createUser({ username: 'ann' });
    await grants.createGroup('staff');
  });

  it('is idempotent', async () => {
    await grants.grant({ user: { username: 'ann' } }, 'shop.view_product');
    await grants.grant({ user: { username: 'ann' } }, 'shop.view_product');
    await grants.grant({ group: { name: 'staff' } }, 'shop.change_product', 5);
    await grants.grant({ group: { name: 'staff' } }, 'shop.change_product', '5');
    await grants.addToGroup({ username: 'ann' }, { name: 'staff' });
    await grants.addToGroup({ username: 'ann' }, { name: 'staff' });
    expect(await total()).toBe(3);
    await grants.revoke({ user: { username: 'ann' } }, 'shop.delete_product'); // never granted: fine
    expect(await total()).toBe(3);
  });

  it('names what does not exist, and writes nothing', async () => {
    const before = await total();
    await expect(
      grants.grant({ user: { username: 'nobody' } }, 'shop.view_product'),
    ).rejects.toThrow(new NotFoundError("user 'nobody' does not exist"));
    await expect(grants.grant({ group: 999 }, 'shop.view_product')).rejects.toThrow(
      new NotFoundError('group #999 does not exist'),
    );
    await expect(
      grants.grant({ user: { username: 'ann' } }, 'shop.can_add' as Codename),
    ).rejects.toThrow(UnknownCodenameError);
    await expect(
      grants.grant({ user: { username: 'ann' } }, 'shop.view_product', 404),
    ).rejects.toThrow(new NotFoundError("shop.product with key '404' does not exist"));
    await expect(
      grants.grant({ user: { username: 'ann' } }, 'shop.view_product', 'abc'),
    ).rejects.toThrow(NotFoundError);
    await expect(grants.addToGroup({ username: 'ann' }, { name: 'ghosts' })).rejects.toThrow(
      NotFoundError,
    );
    await expect(grants.updateUser({ username: 'nobody' }, { isStaff: true })).rejects.toThrow(
      new NotFoundError("user 'nobody' does not exist"),
    );
    expect(await total()).toBe(before);
  });

  it('names a user by id or by username, everywhere', async () => {
    await grants.updateUser({ username: 'ann' }, { email: 'ann@example.com' });
    const [ann] = await t.db.select({ id: user.id, email: user.email }).from(user);
    expect(ann?.email).toBe('ann@example.com');
    await grants.updateUser(ann?.id ?? -1, { email: '' });
  });

  it('refuses a permission the database does not have yet', async () => {
    const extra = defineModels(
      { auth: { user, group } },
      { permissions: { 'auth.user': { can_impersonate: 'Can impersonate' } } },
    );
    await expect(
      createGrants({ db: t.db, registry: extra }).grant({ user: 1 }, 'auth.can_impersonate'),
    ).rejects.toThrow(PermissionNotSyncedError);
  });

  it('refuses taken usernames and group names', async () => {
    await expect(grants.createUser({ username: 'ann' })).rejects.toThrow(
      new ConflictError("username 'ann' is taken"),
    );
    await expect(grants.createGroup('staff')).rejects.toThrow(
      new ConflictError("group 'staff' exists"),
    );
  });
});
