import { executeRows } from '@warden/db';
import { describeEachBackend } from '@warden/db/testing';
import { and, asc, gt, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { product, setUp } from '../test/fixture.js';
import type { AuthUser } from './types.js';

// A keyset page's condition (objectsFor with `page`) names only the first `limit` granted keys
// after `after`, of the user's grants and of each group's (issue 9: 100,000 grants read whole made
// a page 14.7 ms). It must show exactly the page the full condition shows, for any page.
describeEachBackend('objectsFor, a keyset page', (t) => {
  let made: Awaited<ReturnType<typeof setUp>>;
  let pager: AuthUser;
  const direct = [2, 5, 9, 10, 11, 20, 27];
  const viaGroupA = [3, 9, 12, 25];
  const viaGroupB = [1, 12, 13, 14, 15, 16, 30];

  beforeAll(async () => {
    made = await setUp(t.db);
    const { id } = await made.grants.createUser({ username: 'pager' });
    pager = { id, isActive: true, isSuperuser: false };
    for (const key of direct) await made.grants.grant({ user: id }, 'shop.view_product', key);
    for (const [name, keys] of [
      ['a', viaGroupA],
      ['b', viaGroupB],
    ] as const) {
      await made.grants.createGroup(name);
      await made.grants.addToGroup(id, { name });
      for (const key of keys)
        await made.grants.grant({ group: { name } }, 'shop.view_product', key);
    }
    // Noise the page must ignore: another permission, another user.
    await made.grants.grant({ user: id }, 'shop.change_product', 4);
    const other = await made.grants.createUser({ username: 'other' });
    await made.grants.grant({ user: other.id }, 'shop.view_product', 6);
  });

  const page = async (after: number | undefined, limit: number, paged: boolean) => {
    const where = await made.authz.objectsFor(
      { ...pager },
      'shop.view_product',
      product,
      paged ? { after, limit } : undefined,
    );
    const rows = await t.db
      .select({ id: product.id })
      .from(product)
      .where(and(where, after === undefined ? undefined : gt(product.id, after)))
      .orderBy(asc(product.id))
      .limit(limit);
    return rows.map((r) => r.id);
  };

  it('is the page the full condition gives, for every start and size', async () => {
    const all = [...new Set([...direct, ...viaGroupA, ...viaGroupB])].sort((a, b) => a - b);
    expect(await page(undefined, 100, false)).toEqual(all);
    for (const after of [undefined, 0, 1, 2, 8, 9, 12, 16, 26, 30]) {
      for (const limit of [1, 2, 3, 5, 20]) {
        const expected = all.filter((k) => after === undefined || k > after).slice(0, limit);
        expect(await page(after, limit, true), `after ${after}, limit ${limit}`).toEqual(expected);
      }
    }
  });

  it('has the integer-key indexes, and reads only integer keys as integers', async () => {
    const indexes = await executeRows<{ indexname: string }>(
      t.db,
      sql`select indexname from pg_indexes where indexname like '%object_permission_int_key_idx'
          order by indexname`,
    );
    expect(indexes).toEqual([
      { indexname: 'auth_group_object_permission_int_key_idx' },
      { indexname: 'auth_user_object_permission_int_key_idx' },
    ]);
    // Integers read as integers; any other key (a uuid, text, an exponent) as null.
    const keys = await executeRows<Record<string, boolean>>(
      t.db,
      sql`select warden_object_int('42') = 42 as a, warden_object_int('-7') = -7 as b,
                 warden_object_int('0b1e3c2a-uuid') is null as c,
                 warden_object_int('1e5') is null as d`,
    );
    expect(keys).toEqual([{ a: true, b: true, c: true, d: true }]);
  });

  it('refuses a page that is not one', async () => {
    for (const bad of [{ limit: 0 }, { limit: 1.5 }, { after: Number.NaN, limit: 5 }]) {
      await expect(
        made.authz.objectsFor({ ...pager }, 'shop.view_product', product, bad),
      ).rejects.toThrow(/keyset page/);
    }
  });

  it('is `true` for a global grant and a superuser, `false` for nobody, page or not', async () => {
    const { id } = await made.grants.createUser({ username: 'global' });
    await made.grants.grant({ user: id }, 'shop.view_product');
    const limit = { limit: 5 };
    const render = async (u: AuthUser | null) =>
      t.db
        .select({ id: product.id })
        .from(product)
        .where(await made.authz.objectsFor(u, 'shop.view_product', product, limit))
        .orderBy(asc(product.id))
        .limit(5);
    expect(await render({ id, isActive: true, isSuperuser: false })).toHaveLength(5);
    expect(await render({ id: pager.id, isActive: true, isSuperuser: true })).toHaveLength(5);
    expect(await render(null)).toEqual([]);
  });
});
