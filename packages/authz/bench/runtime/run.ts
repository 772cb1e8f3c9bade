// Runtime benchmark of authz: cached vs uncached checks, the one-query load of a user in 20 groups
// with 500 grants, and objectsFor() paging over a large table. Runs against a throw-away database
// `warden_bench` on the local Postgres, then (items 1-3, item 3 scaled down) on PGlite in memory.
// Run from packages/authz: `pnpm bench`. BENCH_ADMIN_URL overrides the admin connection,
// BENCH_PGLITE=0 skips the PGlite pass, BENCH_KEEP=1 keeps warden_bench for psql.
// Results are written up in RESULTS.md beside this file.
import { PGlite } from '@electric-sql/pglite';
import { createDb, type DbHandle } from '@warden/db';
import { and, gt, type SQL, sql } from 'drizzle-orm';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { createAuthz } from '../../src/authz';
import { createGrants } from '../../src/grants';
import { authzMigrationsFolder } from '../../src/migrations';
import { permissionIdSql } from '../../src/object-perms';
import { defineModels } from '../../src/registry';
import {
  group,
  groupObjectPermission,
  permission,
  user,
  userGroup,
  userObjectPermission,
} from '../../src/schema';
import { syncPermissions } from '../../src/sync';
import type { AnyPgDatabase, AuthUser } from '../../src/types';

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BENCH_DB = 'warden_bench';
const RUN_PGLITE = process.env.BENCH_PGLITE !== '0';

const CHECK_ITERATIONS = 5_000_000;
const UNCACHED_ITERATIONS = 500;
const LOADS = 200;
const GROUPS = 20;
const GRANTS_PER_GROUP = 25;
const DIRECT_GRANTS = 5;
const BENCH_MODELS = 130; // 130 models × 4 default actions = 520 permissions ≥ 500 + direct ones
const OBJECT_GRANTS = 10_000;
const PAGE_SIZE = 20;
const PAGE_STEP = 50; // offsets 0, 50, …, 9950 → 200 pages, all inside the granted set

// Same shape as test/fixture.ts's shop_product, declared here so the bench owns its registry.
const product = pgTable('shop_product', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
});

// Many small models only so the registry has ≥ 500 distinct permissions to grant.
const benchTables = Object.fromEntries(
  Array.from({ length: BENCH_MODELS }, (_, i) => [
    `m${i}`,
    pgTable(`bench_m${i}`, { id: integer('id').primaryKey() }),
  ]),
);

const registry = defineModels({
  auth: { user, group, permission },
  shop: { product },
  bench: benchTables,
});
type Codename = typeof registry.$codename;
const VIEW_PRODUCT = 'shop.view_product' as Codename;

/** One database under test: the createDb handle plus a counting Drizzle over the same client. */
interface Target {
  label: string;
  handle: DbHandle;
  db: AnyPgDatabase;
  /** Same connection as `db` would use, but every statement bumps `queries.n`. */
  counted: AnyPgDatabase;
  queries: { n: number };
  /** Raw SQL with positional parameters (for EXPLAIN of a Drizzle-built statement). */
  raw(text: string, params: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

async function openPostgres(): Promise<Target> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  // `with (force)` ends sessions a previous, interrupted run may have left behind.
  await admin.unsafe(`drop database if exists ${BENCH_DB} with (force)`);
  await admin.unsafe(`create database ${BENCH_DB}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${BENCH_DB}`;
  const handle = await createDb({
    schema: {},
    migrationsFolder: authzMigrationsFolder,
    connection: { url: url.toString() },
  });
  await handle.migrate();
  // createDb keeps its postgres.js client private, so the counting instance gets its own client
  // (one connection, same database); the timed paths all go through handle.db.
  const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const queries = { n: 0 };
  const counted = drizzlePostgres({
    client,
    logger: {
      logQuery() {
        queries.n++;
      },
    },
  });
  return {
    label: 'Postgres 15',
    handle,
    db: handle.db,
    counted,
    queries,
    raw: (text, params) =>
      client.unsafe(text, params as never[]) as unknown as Promise<Record<string, unknown>[]>,
    async close() {
      await client.end({ timeout: 5 });
      await handle.close();
      // BENCH_KEEP=1 leaves the database for poking at plans with psql.
      if (process.env.BENCH_KEEP !== '1') {
        await admin.unsafe(`drop database if exists ${BENCH_DB} with (force)`);
      }
      await admin.end({ timeout: 5 });
    },
  };
}

async function openPglite(): Promise<Target> {
  // Opened here and adopted by createDb, so the counting instance shares the very same client.
  const pg = await PGlite.create();
  const handle = await createDb({
    schema: {},
    migrationsFolder: authzMigrationsFolder,
    connection: { client: pg },
  });
  await handle.migrate();
  const queries = { n: 0 };
  const counted = drizzlePglite({
    client: pg,
    logger: {
      logQuery() {
        queries.n++;
      },
    },
  });
  return {
    label: 'PGlite 0.5.16 (memory)',
    handle,
    db: handle.db,
    counted,
    queries,
    raw: async (text, params) => (await pg.query<Record<string, unknown>>(text, params)).rows,
    close: () => handle.close(),
  };
}

// ---------------------------------------------------------------------------------------------

const ms = () => performance.now();

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank: p95 of 200 samples is the 190th smallest.
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

const fmt = (value: number, digits = 2) => value.toFixed(digits);

async function setUp(target: Target, productRows: number) {
  const { db } = target;
  // One statement per call: PGlite's extended protocol refuses several in one.
  for (let i = 0; i < BENCH_MODELS; i++) {
    await db.execute(sql.raw(`create table bench_m${i} (id integer primary key)`));
  }
  await db.execute(sql`create table shop_product (id integer primary key, name text not null)`);
  let t = ms();
  await db.execute(
    sql`insert into shop_product select i, 'product ' || i from generate_series(1, ${productRows}::integer) i`,
  );
  await db.execute(sql`analyze shop_product`);
  console.log(`  shop_product: ${productRows.toLocaleString('en')} rows in ${fmt(ms() - t, 0)} ms`);
  t = ms();
  const report = await syncPermissions(db, registry);
  console.log(
    `  sync: ${report.created.length} permissions, ${report.createdContentTypes.length} content types in ${fmt(ms() - t, 0)} ms`,
  );
}

async function permissionIdOf(db: AnyPgDatabase, appLabel: string, codename: string) {
  const rows = (await db.execute(
    sql`select p.id from auth_permission p join auth_content_type ct on ct.id = p.content_type_id
        where ct.app_label = ${appLabel} and p.codename = ${codename}`,
  )) as unknown;
  // postgres.js returns the rows, PGlite `{ rows }`.
  const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as {
    id: number;
  }[];
  const id = list[0]?.id;
  if (id === undefined) throw new Error(`no permission ${appLabel}.${codename}`);
  return Number(id);
}

// What-if for src/object-perms.ts (not what ships): the same grants collected into one array, so
// Postgres walks the primary key once per granted id, in key order, and stops at OFFSET + LIMIT,
// instead of merge-joining against the whole index. UNION ALL: the array needs no dedupe.
function arrayGrantCondition(userId: number): SQL {
  const pid = permissionIdSql('shop', 'view_product');
  return sql`${product.id} = any(array(
    select (${userObjectPermission.objectPk})::integer from ${userObjectPermission}
      where ${userObjectPermission.userId} = ${userId}
        and ${userObjectPermission.permissionId} = ${pid}
    union all
    select (${groupObjectPermission.objectPk})::integer from ${groupObjectPermission}
      inner join ${userGroup} on ${userGroup.groupId} = ${groupObjectPermission.groupId}
      where ${userGroup.userId} = ${userId}
        and ${groupObjectPermission.permissionId} = ${pid}))`;
}

const asUser = (id: number, isSuperuser = false): AuthUser => ({
  id,
  isActive: true,
  isSuperuser,
});

interface Figures {
  cachedNs: number;
  uncachedP50Ms: number;
  uncachedMeanMs: number;
  loadQueries: number;
  loadPermissions: number;
  loadP50Ms: number;
  loadP95Ms: number;
  productRows: number;
  objectGrants: number;
  protectedP50Ms: number;
  protectedP95Ms: number;
  baselineP50Ms: number;
  baselineP95Ms: number;
  /** Diagnostics for RESULTS.md: other phrasings and keyset paging, not the shipped code path. */
  whatIf: Record<'keyset' | 'array' | 'arrayKeyset', { p50: number; p95: number }>;
}

async function bench(target: Target, productRows: number): Promise<Figures> {
  console.log(`\n=== ${target.label} ===`);
  await setUp(target, productRows);
  const { db } = target;
  const authz = createAuthz({ db, registry });
  const grants = createGrants({ db, registry });

  // --- 1. cached vs uncached check ---------------------------------------------------------
  const checker = await grants.createUser({ username: 'checker' });
  const staff = await grants.createGroup('staff');
  await grants.addToGroup(checker.id, staff.id);
  await grants.grant({ user: checker.id }, VIEW_PRODUCT);
  await grants.grant({ user: checker.id }, 'shop.change_product' as Codename);
  await grants.grant({ group: staff.id }, 'shop.add_product' as Codename);
  await grants.grant({ group: staff.id }, 'auth.view_user' as Codename);

  const perms = await authz.load(asUser(checker.id));
  if (!perms.has(VIEW_PRODUCT)) throw new Error('checker should hold shop.view_product');
  let hits = 0;
  // Warm-up lets V8 optimise has() before the timed loop.
  for (let i = 0; i < 1_000_000; i++) if (perms.has(VIEW_PRODUCT)) hits++;
  const start = process.hrtime.bigint();
  for (let i = 0; i < CHECK_ITERATIONS; i++) if (perms.has(VIEW_PRODUCT)) hits++;
  const cachedNs = Number(process.hrtime.bigint() - start) / CHECK_ITERATIONS;
  // Using `hits` keeps the loop observable, so it cannot be optimised away.
  if (hits !== 1_000_000 + CHECK_ITERATIONS) throw new Error('cached check returned false');

  const uncached: number[] = [];
  for (let i = 0; i < 50 + UNCACHED_ITERATIONS; i++) {
    const t = ms();
    // A fresh object per call defeats the WeakMap cache: this is the DB load + the check.
    const ok = await authz.hasPerm(asUser(checker.id), VIEW_PRODUCT);
    if (i >= 50) uncached.push(ms() - t);
    if (!ok) throw new Error('uncached check returned false');
  }
  const uncachedP50Ms = percentile(uncached, 0.5);
  const uncachedMeanMs = uncached.reduce((a, b) => a + b, 0) / uncached.length;
  console.log(
    `  1. cached has(): ${fmt(cachedNs, 1)} ns/check; uncached hasPerm(): p50 ${fmt(uncachedP50Ms, 3)} ms (${fmt((uncachedP50Ms * 1e6) / cachedNs, 0)}× the cached check)`,
  );

  // --- 2. load of a user in 20 groups with 500 grants ---------------------------------------
  const benchPerms = registry.permissions.filter((p) => p.appLabel === 'bench');
  const loader = await grants.createUser({ username: 'loader' });
  for (let g = 0; g < GROUPS; g++) {
    const { id } = await grants.createGroup(`bench_group_${g}`);
    await grants.addToGroup(loader.id, id);
    for (const p of benchPerms.slice(g * GRANTS_PER_GROUP, (g + 1) * GRANTS_PER_GROUP)) {
      await grants.grant({ group: id }, p.codename);
    }
  }
  const directFrom = GROUPS * GRANTS_PER_GROUP;
  for (const p of benchPerms.slice(directFrom, directFrom + DIRECT_GRANTS)) {
    await grants.grant({ user: loader.id }, p.codename);
  }
  const expected = GROUPS * GRANTS_PER_GROUP + DIRECT_GRANTS;

  const countedAuthz = createAuthz({ db: target.counted, registry });
  target.queries.n = 0;
  const loaded = await countedAuthz.load(asUser(loader.id));
  const loadQueries = target.queries.n;
  const loadPermissions = loaded.all().size;
  if (loadQueries !== 1) throw new Error(`load() ran ${loadQueries} statements, expected 1`);
  if (loadPermissions !== expected) {
    throw new Error(`load() found ${loadPermissions} permissions, expected ${expected}`);
  }
  const loads: number[] = [];
  for (let i = 0; i < 20 + LOADS; i++) {
    const t = ms();
    const p = await authz.load(asUser(loader.id));
    if (i >= 20) loads.push(ms() - t);
    if (p.all().size !== expected) throw new Error('load lost permissions');
  }
  const loadP50Ms = percentile(loads, 0.5);
  const loadP95Ms = percentile(loads, 0.95);
  console.log(
    `  2. load(): ${loadQueries} statement, ${loadPermissions} permissions; p50 ${fmt(loadP50Ms, 3)} ms, p95 ${fmt(loadP95Ms, 3)} ms`,
  );

  // --- 3. objectsFor paging ------------------------------------------------------------------
  const viewer = await grants.createUser({ username: 'viewer' });
  // In a group too, so the group half of the condition's UNION does real work.
  await grants.addToGroup(viewer.id, staff.id);
  const root = await grants.createUser({ username: 'root', isSuperuser: true });
  const viewPid = await permissionIdOf(db, 'shop', 'view_product');
  // Every (rows / grants)-th product: spread over the whole table, as real grants would be.
  const stride = Math.floor(productRows / OBJECT_GRANTS);
  let t = ms();
  await db.execute(
    sql`insert into auth_user_object_permission (user_id, permission_id, object_pk)
        select ${viewer.id}::integer, ${viewPid}::integer, (i * ${stride}::integer)::text
        from generate_series(1, ${OBJECT_GRANTS}::integer) i`,
  );
  await db.execute(sql`analyze auth_user_object_permission`);
  await db.execute(sql`analyze auth_group_object_permission`);
  await db.execute(sql`analyze auth_user_groups`);
  console.log(
    `  ${OBJECT_GRANTS.toLocaleString('en')} object grants (every ${stride}th id) in ${fmt(ms() - t, 0)} ms`,
  );

  const viewerUser = asUser(viewer.id);
  const rootUser = asUser(root.id, true);
  await authz.load(viewerUser); // model perms cached: the timed part is the select itself
  const page = (where: SQL, offset: number, afterId?: number) =>
    db
      .select({ id: product.id, name: product.name })
      .from(product)
      .where(afterId === undefined ? where : and(where, gt(product.id, afterId)))
      .orderBy(product.id)
      .limit(PAGE_SIZE)
      .offset(afterId === undefined ? offset : 0);
  const offsets = Array.from({ length: OBJECT_GRANTS / PAGE_STEP }, (_, i) => i * PAGE_STEP);

  // objectsFor() is called per page, as a request would; the user's model perms are cached.
  const timePages = async (condition: () => Promise<SQL>, keyset = false) => {
    // Keyset: the same pages, addressed by the last id of the previous one (granted ids are
    // stride, 2·stride, …, so the row at offset o follows id o·stride).
    const run = async (offset: number) =>
      page(await condition(), offset, keyset ? offset * stride : undefined);
    for (const offset of offsets.slice(0, 10)) await run(offset); // warm caches and plans
    const times: number[] = [];
    for (const offset of offsets) {
      t = ms();
      const rows = await run(offset);
      times.push(ms() - t);
      if (rows.length !== PAGE_SIZE) throw new Error(`page at ${offset}: ${rows.length} rows`);
    }
    return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
  };
  const shipped = (who: AuthUser) => () => authz.objectsFor(who, VIEW_PRODUCT, product);
  const whatIf = () => Promise.resolve(arrayGrantCondition(viewer.id));

  // Sanity: the protected pages hold only granted ids, and the inline spelling finds the same rows.
  const first = await page(await shipped(viewerUser)(), 5000);
  const firstWhatIf = await page(await whatIf(), 5000);
  if (first[0]?.id !== 5001 * stride || JSON.stringify(first) !== JSON.stringify(firstWhatIf)) {
    throw new Error(`unexpected page: ${JSON.stringify(first.slice(0, 2))}`);
  }
  const protectedPages = await timePages(shipped(viewerUser));
  const baselinePages = await timePages(shipped(rootUser));
  const keysetPages = await timePages(shipped(viewerUser), true);
  const arrayPages = await timePages(whatIf);
  const arrayKeysetPages = await timePages(whatIf, true);

  const where = await authz.objectsFor(viewerUser, VIEW_PRODUCT, product);
  const query = db
    .select({ id: product.id, name: product.name })
    .from(product)
    .where(where)
    .orderBy(product.id)
    .limit(PAGE_SIZE)
    .offset(5000)
    .toSQL();
  const plan = await target.raw(`explain (analyze, buffers, costs off) ${query.sql}`, query.params);
  console.log(`  EXPLAIN ANALYZE of the protected query at offset 5000:\n    ${query.sql}`);
  for (const row of plan) console.log(`    ${String(Object.values(row)[0])}`);

  const figures: Figures = {
    cachedNs,
    uncachedP50Ms,
    uncachedMeanMs,
    loadQueries,
    loadPermissions,
    loadP50Ms,
    loadP95Ms,
    productRows,
    objectGrants: OBJECT_GRANTS,
    protectedP50Ms: protectedPages.p50,
    protectedP95Ms: protectedPages.p95,
    baselineP50Ms: baselinePages.p50,
    baselineP95Ms: baselinePages.p95,
    whatIf: { keyset: keysetPages, array: arrayPages, arrayKeyset: arrayKeysetPages },
  };
  console.log(
    `  3. objectsFor pages: p50 ${fmt(figures.protectedP50Ms, 3)} ms, p95 ${fmt(figures.protectedP95Ms, 3)} ms; superuser p50 ${fmt(figures.baselineP50Ms, 3)} ms`,
  );
  for (const [name, { p50, p95 }] of Object.entries(figures.whatIf)) {
    console.log(`     ${name}: p50 ${fmt(p50, 3)} ms, p95 ${fmt(p95, 3)} ms`);
  }
  return figures;
}

function table(results: Array<{ label: string; f: Figures }>): string {
  const met = (ok: boolean) => (ok ? 'yes' : 'NO');
  const rows: string[][] = [];
  for (const { label, f } of results) {
    const rowsLabel = `${(f.productRows / 1000).toLocaleString('en')}k rows`;
    rows.push(
      [
        label,
        'cached perms.has()',
        `${fmt(f.cachedNs, 1)} ns/check`,
        '< 1000 ns',
        met(f.cachedNs < 1000),
      ],
      [
        label,
        'uncached hasPerm() (fresh user, incl. DB load)',
        `p50 ${fmt(f.uncachedP50Ms, 3)} ms, mean ${fmt(f.uncachedMeanMs, 3)} ms (${fmt((f.uncachedP50Ms * 1e6) / f.cachedNs, 0)}× cached)`,
        '—',
        '—',
      ],
      [
        label,
        `load(): 20 groups, ${f.loadPermissions} grants`,
        `${f.loadQueries} statement; p50 ${fmt(f.loadP50Ms, 3)} ms, p95 ${fmt(f.loadP95Ms, 3)} ms`,
        '1 statement',
        met(f.loadQueries === 1),
      ],
      [
        label,
        `objectsFor page, OFFSET paging (${rowsLabel}, ${f.objectGrants.toLocaleString('en')} grants)`,
        `p50 ${fmt(f.protectedP50Ms, 3)} ms, p95 ${fmt(f.protectedP95Ms, 3)} ms`,
        'p50 < 5 ms',
        met(f.protectedP50Ms < 5),
      ],
      [
        label,
        `superuser page (${rowsLabel}, condition true)`,
        `p50 ${fmt(f.baselineP50Ms, 3)} ms, p95 ${fmt(f.baselineP95Ms, 3)} ms (protected/unprotected p50 ${fmt(f.protectedP50Ms / f.baselineP50Ms, 1)}×)`,
        '—',
        '—',
      ],
      ...(
        [
          ['keyset', 'objectsFor page, keyset paging (`id > last`), as a paginated list does'],
          ['array', 'check: the same condition written inline, OFFSET (must match the OFFSET row)'],
          [
            'arrayKeyset',
            'check: the same condition written inline, keyset (must match the keyset row)',
          ],
        ] as const
      ).map(([key, name]) => [
        label,
        name,
        `p50 ${fmt(f.whatIf[key].p50, 3)} ms, p95 ${fmt(f.whatIf[key].p95, 3)} ms`,
        'p50 < 5 ms',
        met(f.whatIf[key].p50 < 5),
      ]),
    );
  }
  const head = ['backend', 'measure', 'result', 'target', 'met'];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

async function main() {
  const results: Array<{ label: string; f: Figures }> = [];
  const pg = await openPostgres();
  try {
    results.push({ label: pg.label, f: await bench(pg, 1_000_000) });
  } finally {
    await pg.close();
  }
  if (RUN_PGLITE) {
    const lite = await openPglite();
    try {
      // 100k rows: a 1M-row insert into WASM Postgres is slow and not what PGlite serves in practice.
      results.push({ label: lite.label, f: await bench(lite, 100_000) });
    } finally {
      await lite.close();
    }
  }
  console.log(`\n${table(results)}`);
}

await main();
