import { describeEachBackend } from '@warden/db/testing';
import { count, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { product, registry, setUp } from '../test/fixture.js';
import { defineModels } from './registry.js';
import { contentType, group, permission, user, userPermission } from './schema.js';
import { formatPermissionTable, syncPermissions } from './sync.js';

describeEachBackend('syncPermissions', (t) => {
  beforeAll(() => setUp(t.db));

  it('has written every permission of the registry, with Django’s names', async () => {
    const rows = await t.db
      .select({
        appLabel: contentType.appLabel,
        codename: permission.codename,
        name: permission.name,
      })
      .from(permission)
      .innerJoin(contentType, eq(contentType.id, permission.contentTypeId));
    expect(rows).toHaveLength(registry.permissions.length);
    expect(rows).toContainEqual({
      appLabel: 'shop',
      codename: 'add_product',
      name: 'Can add product',
    });
    expect(rows).toContainEqual({
      appLabel: 'shop',
      codename: 'can_publish',
      name: 'Can publish product',
    });
  });

  it('is idempotent', async () => {
    const report = await syncPermissions(t.db, registry);
    expect(report).toMatchObject({
      created: [],
      renamed: [],
      stale: [],
      deleted: [],
      createdContentTypes: [],
    });
  });

  it('renames changed human names', async () => {
    const renamed = defineModels(
      { auth: { user, group, permission }, shop: { product } },
      { permissions: { 'shop.product': { can_publish: 'Can publish a product' } } },
    );
    expect((await syncPermissions(t.db, renamed)).renamed).toEqual(['shop.can_publish']);
    expect((await syncPermissions(t.db, registry)).renamed).toEqual(['shop.can_publish']);
  });

  it('reports stale permissions and deletes them, with their grants, only when asked', async () => {
    const [u] = await t.db
      .insert(user)
      .values({ username: 'stale-holder' })
      .returning({ id: user.id });
    const [p] = await t.db
      .select({ id: permission.id })
      .from(permission)
      .where(eq(permission.codename, 'can_publish'));
    await t.db.insert(userPermission).values({ userId: u?.id ?? 0, permissionId: p?.id ?? 0 });

    const smaller = defineModels({ auth: { user, group, permission }, shop: { product } });
    const report = await syncPermissions(t.db, smaller);
    expect(report.stale).toEqual(['shop.can_publish']);
    expect(report.deleted).toEqual([]);
    expect((await t.db.select({ n: count() }).from(userPermission))[0]?.n).toBe(1);

    const withoutShop = defineModels({ auth: { user, group, permission } });
    const pruned = await syncPermissions(t.db, withoutShop, { prune: true });
    expect(pruned.deleted).toHaveLength(5); // 4 defaults + can_publish
    expect((await t.db.select({ n: count() }).from(userPermission))[0]?.n).toBe(0);
    expect(await t.db.select().from(contentType).where(eq(contentType.appLabel, 'shop'))).toEqual(
      [],
    );

    expect((await syncPermissions(t.db, registry)).created).toHaveLength(5);
  });
});

it('prints the codename table as `select name, codename from auth_permission` would', () => {
  const table = formatPermissionTable(registry);
  const [header, rule, first] = table.split('\n');
  // Columns as wide as the widest value ('Can change permission', 'auth.change_permission').
  expect(header).toBe(` ${'name'.padEnd(21)} | codename`);
  expect(rule).toBe(`${'-'.repeat(23)}+${'-'.repeat(23)}`);
  expect(first).toBe(` ${'Can view user'.padEnd(21)} | auth.view_user`);
  expect(table).toContain(` ${'Can publish product'.padEnd(21)} | shop.can_publish`);
  expect(table.endsWith(`(${registry.permissions.length} rows)`)).toBe(true);
});
