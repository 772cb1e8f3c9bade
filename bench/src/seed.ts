import { registry, seedDemo } from '@warden/api';
import { product } from '@warden/api/tables';
import { createGrants, syncPermissions } from '@warden/authz';
import { user } from '@warden/authz/schema';
import type { Database } from '@warden/db';
import { count, eq } from 'drizzle-orm';

/** The benchmark's reader: in a group granted shop.view_product, owning nothing. */
export const BENCH_USER = 'bench-reader';
/** The page the issue measures: 20 product rows. */
export const PRODUCTS = 20;

/**
 * The data of the measured request, made once per database and left for re-runs: the demo data,
 * then products up to exactly 20 rows, a group `Bench readers` with shop.view_product, and the
 * bench user in it. Returns the user's id.
 */
export async function seedBench(db: Database): Promise<number> {
  await syncPermissions(db, registry);
  await seedDemo(db);
  const grants = createGrants({ db, registry });
  let [row] = await db.select({ id: user.id }).from(user).where(eq(user.username, BENCH_USER));
  if (row === undefined) {
    row = await grants.createUser({ username: BENCH_USER });
    await grants.createGroup('Bench readers');
    await grants.grant({ group: { name: 'Bench readers' } }, 'shop.view_product');
    await grants.addToGroup(row.id, { name: 'Bench readers' });
  }
  const [have] = await db.select({ n: count() }).from(product);
  const missing = PRODUCTS - (have?.n ?? 0);
  if (missing > 0) {
    await db.insert(product).values(
      Array.from({ length: missing }, (_, i) => ({
        name: `Bench item ${i}`,
        priceCents: 100 + i,
      })),
    );
  }
  return row.id;
}
