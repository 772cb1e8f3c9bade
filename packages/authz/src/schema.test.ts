import { describeEachBackend } from '@warden/db/testing';
import { count, eq } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { beforeEach, expect, it } from 'vitest';
import {
  contentType,
  group,
  groupObjectPermission,
  groupPermission,
  permission,
  user,
  userGroup,
  userObjectPermission,
  userPermission,
} from './schema.js';

// Deleting a user, group or permission must leave no grant behind (django-guardian's known pitfall
// is orphaned object grants).
describeEachBackend('auth tables', (t) => {
  let ids: { user: number; group: number; permission: number };

  beforeEach(async () => {
    await t.reset();
    const [u] = await t.db.insert(user).values({ username: 'ann' }).returning({ id: user.id });
    const [g] = await t.db.insert(group).values({ name: 'editors' }).returning({ id: group.id });
    const [ct] = await t.db
      .insert(contentType)
      .values({ appLabel: 'shop', model: 'product' })
      .returning({ id: contentType.id });
    const [p] = await t.db
      .insert(permission)
      .values({
        contentTypeId: ct?.id ?? 0,
        codename: 'change_product',
        name: 'Can change product',
      })
      .returning({ id: permission.id });
    if (!u || !g || !p) throw new Error('seed failed');
    ids = { user: u.id, group: g.id, permission: p.id };
    await t.db.insert(userGroup).values({ userId: u.id, groupId: g.id });
    await t.db.insert(userPermission).values({ userId: u.id, permissionId: p.id });
    await t.db.insert(groupPermission).values({ groupId: g.id, permissionId: p.id });
    await t.db
      .insert(userObjectPermission)
      .values({ userId: u.id, permissionId: p.id, objectPk: '7' });
    await t.db
      .insert(groupObjectPermission)
      .values({ groupId: g.id, permissionId: p.id, objectPk: '7' });
  });

  const rows = async (table: PgTable) => (await t.db.select({ n: count() }).from(table))[0]?.n;

  it('drops a deleted user’s memberships and grants', async () => {
    await t.db.delete(user).where(eq(user.id, ids.user));
    expect(await rows(userGroup)).toBe(0);
    expect(await rows(userPermission)).toBe(0);
    expect(await rows(userObjectPermission)).toBe(0);
    expect(await rows(groupPermission)).toBe(1);
  });

  it('drops a deleted group’s memberships and grants', async () => {
    await t.db.delete(group).where(eq(group.id, ids.group));
    expect(await rows(userGroup)).toBe(0);
    expect(await rows(groupPermission)).toBe(0);
    expect(await rows(groupObjectPermission)).toBe(0);
    expect(await rows(userPermission)).toBe(1);
  });

  it('drops every grant of a deleted permission, and permissions of a deleted content type', async () => {
    await t.db.delete(contentType);
    expect(await rows(permission)).toBe(0);
    for (const table of [
      userPermission,
      groupPermission,
      userObjectPermission,
      groupObjectPermission,
    ]) {
      expect(await rows(table)).toBe(0);
    }
  });

  it('refuses a second user with the same username', async () => {
    await expect(t.db.insert(user).values({ username: 'ann' })).rejects.toThrow();
  });
});
