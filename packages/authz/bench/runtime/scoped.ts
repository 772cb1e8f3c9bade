// Runtime benchmark of scopes (organizations): a keyset page of 20 of 1M products spread over
// 10,000 organizations, for a user who is a member of 50 of them (a role with view), holds 1,000
// object grants and grants within 20 more organizations; against the same page for a user with a
// global grant. And the cold load of that user's 50 memberships (one statement). Postgres only.
// Run from packages/authz: `node --conditions=@warden/source --import tsx bench/runtime/scoped.ts`
// (BENCH_ADMIN_URL overrides the admin connection,
// BENCH_ROWS / BENCH_ORGS scale it down).
import { createDb } from '@warden/db';
import { and, asc, gt, sql } from 'drizzle-orm';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { createAuthz } from '../../src/authz.js';
import { createGrants } from '../../src/grants.js';
import { applyMigrations } from '../../src/migrate.js';
import { authzMigrations } from '../../src/migrations.js';
import { defineModels } from '../../src/registry.js';
import { group, permission, user } from '../../src/schema.js';
import { within } from '../../src/scoped-grants.js';
import { syncPermissions } from '../../src/sync.js';
import type { AuthUser } from '../../src/types.js';

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BENCH_DB = 'warden_bench_scoped';
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const ORGS = Number(process.env.BENCH_ORGS ?? 10_000);
const MEMBERSHIPS = 50;
const OBJECT_GRANTS = 1_000;
const PARENT_GRANTS = 20;
const PAGES = 200;
const PAGE_SIZE = 20;

const organization = pgTable('orgs_organization', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
});
const product = pgTable('shop_product', {
  id: integer('id').primaryKey(),
  orgId: integer('org_id')
    .notNull()
    .references(() => organization.id),
});
const registry = defineModels(
  { auth: { user, group, permission }, orgs: { organization }, shop: { product } },
  { scopes: { 'shop.product': { parent: 'orgs.organization', via: 'orgId' } } },
);

const ms = () => performance.now();
const percentile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))] ??
  Number.NaN;
const asUser = (id: number, isSuperuser = false): AuthUser => ({ id, isActive: true, isSuperuser });

async function main() {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${BENCH_DB} with (force)`);
  await admin.unsafe(`create database ${BENCH_DB}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${BENCH_DB}`;
  const handle = await createDb({ schema: {}, connection: { url: url.toString(), poolMax: 2 } });
  const { db } = handle;
  try {
    await applyMigrations(db, [authzMigrations]);
    let t = ms();
    await db.execute(
      sql`create table orgs_organization (id integer primary key, name text not null)`,
    );
    await db.execute(sql`create table shop_product (id integer primary key,
      org_id integer not null references orgs_organization (id))`);
    await db.execute(
      sql`insert into orgs_organization select o, 'org ' || o from generate_series(1, ${ORGS}) o`,
    );
    // Products spread round-robin, so an organization's rows are scattered over the key order.
    await db.execute(
      sql`insert into shop_product select i, 1 + (i % ${ORGS}) from generate_series(1, ${ROWS}) i`,
    );
    await db.execute(sql`create index on shop_product (org_id)`);
    await db.execute(sql`analyze orgs_organization`);
    await db.execute(sql`analyze shop_product`);
    console.log(
      `  ${ROWS.toLocaleString('en')} products in ${ORGS.toLocaleString('en')} organizations: ${(ms() - t).toFixed(0)} ms`,
    );
    await syncPermissions(db, registry, { triggers: 'install' });
    const grants = createGrants({ db, registry });
    const authz = createAuthz({ db, registry });

    const member = await grants.createUser({ username: 'member' });
    const global = await grants.createUser({ username: 'global' });
    await grants.grant({ user: global.id }, 'shop.view_product');
    await grants.createGroup('Viewers');
    await grants.grant({ group: { name: 'Viewers' } }, 'shop.view_product');
    t = ms();
    const step = Math.floor(ORGS / (MEMBERSHIPS + PARENT_GRANTS));
    for (let i = 0; i < MEMBERSHIPS; i++)
      await grants.addToGroup(member.id, { name: 'Viewers' }, within(organization, 1 + i * step));
    for (let i = 0; i < PARENT_GRANTS; i++)
      await grants.grant(
        { user: member.id },
        'shop.view_product',
        within(organization, 1 + (MEMBERSHIPS + i) * step),
      );
    await db.execute(sql`insert into auth_user_object_permission (user_id, permission_id, object_pk)
      select ${member.id}, (select p.id from auth_permission p join auth_content_type ct on ct.id = p.content_type_id
        where ct.app_label = 'shop' and p.codename = 'view_product'), (i * 997 % ${ROWS} + 1)::text
      from generate_series(1, ${OBJECT_GRANTS}) i on conflict do nothing`);
    await db.execute(sql`analyze`);
    console.log(
      `  ${MEMBERSHIPS} memberships, ${PARENT_GRANTS} grants within organizations, ${OBJECT_GRANTS} object grants: ${(ms() - t).toFixed(0)} ms`,
    );

    /** p50/p95 of keyset pages through the list for one user (condition + page statement). */
    const pages = async (who: AuthUser) => {
      const times: number[] = [];
      let after = 0;
      let rows = 0;
      for (let i = 0; i < 20 + PAGES; i++) {
        const start = ms();
        const where = await authz.objectsFor(who, 'shop.view_product', product, {
          after,
          limit: PAGE_SIZE,
        });
        const page = await db
          .select({ id: product.id })
          .from(product)
          .where(and(where, gt(product.id, after)))
          .orderBy(asc(product.id))
          .limit(PAGE_SIZE);
        if (i >= 20) times.push(ms() - start);
        rows += page.length;
        after = page.at(-1)?.id ?? 0; // wraps to the start at the end of the list
      }
      return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), rows };
    };
    const scoped = await pages(asUser(member.id));
    const baseline = await pages(asUser(global.id));
    const loads: number[] = [];
    let memberships = 0;
    for (let i = 0; i < 100; i++) {
      const start = ms();
      memberships = (await authz.memberships(asUser(member.id))).length;
      loads.push(ms() - start);
    }
    console.log('\n| measure | p50 | p95 |');
    console.log('| --- | ---: | ---: |');
    console.log(
      `| page of ${PAGE_SIZE}, member of ${MEMBERSHIPS} orgs + ${PARENT_GRANTS} parent + ${OBJECT_GRANTS} object grants | ${scoped.p50.toFixed(2)} ms | ${scoped.p95.toFixed(2)} ms |`,
    );
    console.log(
      `| page of ${PAGE_SIZE}, global grant | ${baseline.p50.toFixed(2)} ms | ${baseline.p95.toFixed(2)} ms |`,
    );
    console.log(
      `| memberships(user): ${memberships} rows, one statement | ${percentile(loads, 0.5).toFixed(2)} ms | ${percentile(loads, 0.95).toFixed(2)} ms |`,
    );
    console.log(
      `\nscoped / global p50: ${(scoped.p50 / baseline.p50).toFixed(2)}×; target: p50 < 5 ms ${scoped.p50 < 5 ? 'met' : 'NOT met'}`,
    );
  } finally {
    await handle.close();
    await admin.unsafe(`drop database if exists ${BENCH_DB} with (force)`);
    await admin.end({ timeout: 5 });
  }
}

await main();
