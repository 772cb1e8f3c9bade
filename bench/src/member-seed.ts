import { registry } from '@warden/api';
import { organization } from '@warden/api/tables';
import { createGrants, within } from '@warden/authz';
import { membership, user } from '@warden/authz/schema';
import type { Database } from '@warden/db';
import { asc, eq, sql } from 'drizzle-orm';

/** The scoped reader: a member of some organizations, whose role there may view products. */
export const BENCH_MEMBER = 'bench-member';
/** Organizations in all, each with `ORG_PRODUCTS` products, interleaved by id. */
export const BENCH_ORGS = 1000;
export const ORG_PRODUCTS = 20;
/** The member's organizations: every (BENCH_ORGS / MEMBER_OF)th, so 1 product in 20 is theirs. */
export const MEMBER_OF = 50;

/**
 * The data of the scoped scenarios, made once per database and left for re-runs: 1,000
 * organizations with 20 products each (product i belongs to organization i mod 1,000, as products
 * made over time are), a role `Bench org viewers` holding shop.view_product, and the member with
 * that role in 50 of them and no grant of its own. Returns the member's id and the organization it
 * acts in (its first).
 */
export async function seedMember(db: Database): Promise<{ userId: number; orgId: number }> {
  let [row] = await db.select({ id: user.id }).from(user).where(eq(user.username, BENCH_MEMBER));
  if (row === undefined) {
    await db.execute(sql`insert into orgs_organization (name)
      select 'Bench org ' || g from generate_series(1, ${BENCH_ORGS}) g`);
    await db.execute(sql`insert into shop_product (name, price_cents, org_id)
      select 'Bench org item ' || g, 100 + g % 1000, o.id
      from generate_series(1, ${BENCH_ORGS * ORG_PRODUCTS}) g
      join orgs_organization o on o.name = 'Bench org ' || ((g - 1) % ${BENCH_ORGS} + 1)`);
    await db.execute(sql`analyze shop_product`);
    const grants = createGrants({ db, registry });
    row = await grants.createUser({ username: BENCH_MEMBER });
    await grants.createGroup('Bench org viewers');
    await grants.grant({ group: { name: 'Bench org viewers' } }, 'shop.view_product');
    const step = BENCH_ORGS / MEMBER_OF;
    for (let n = step; n <= BENCH_ORGS; n += step) {
      const [org] = await db
        .select({ id: organization.id })
        .from(organization)
        .where(eq(organization.name, `Bench org ${n}`));
      if (org === undefined) throw new Error(`no Bench org ${n}`);
      await grants.addToGroup(row.id, { name: 'Bench org viewers' }, within(organization, org.id));
    }
  }
  const [first] = await db
    .select({ key: membership.scopePk })
    .from(membership)
    .where(eq(membership.userId, row.id))
    .orderBy(asc(sql`${membership.scopePk}::int`))
    .limit(1);
  if (first === undefined) throw new Error(`${BENCH_MEMBER} is a member of nothing`);
  return { userId: row.id, orgId: Number(first.key) };
}
