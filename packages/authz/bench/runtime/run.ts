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
import { createAuthz } from '../../src/authz.js';
import { createGrants } from '../../src/grants.js';
import { applyMigrations } from '../../src/migrate.js';
import { authzMigrations } from '../../src/migrations.js';
import { defineModels } from '../../src/registry.js';
import { group, permission, user } from '../../src/schema.js';
import { syncPermissions } from '../../src/sync.js';
import type { AnyPgDatabase, AuthUser } from '../../src/types.js';

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
// Issue 9, target 6: a page of 20 of 1M rows with 100,000 object grants (PGlite: 100k rows, 10k).
const OBJECT_GRANTS = Number(process.env.BENCH_OBJECT_GRANTS ?? 100_000);
const PAGES = 200;
const PAGE_SIZE = 20;

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
    connection: { url: url.toString() },
  });
  await applyMigrations(handle.db, [authzMigrations]);
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
    connection: { client: pg },
  });
  await applyMigrations(handle.db, [authzMigrations]);
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
  const report = await syncPermissions(db, registry, { triggers: 'install' });
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

const asUser = (id: number, isSuperuser = false): AuthUser => ({
  id,
  isActive: true,
  isSuperuser,
});

interface Timing {
  p50: number;
  p95: number;
}

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
  /**
   * Headline: keyset pages (`and id > lastId order by id limit 20`), as a paginated list does,
   * with objectsFor told the page (it reads only the page's grants).
   */
  keyset: Timing;
  /** The same pages with objectsFor's full condition (every grant read on every page). */
  keysetFull: Timing;
  /** A user with a global grant (condition `true`), the same pages. */
  keysetGlobal: Timing;
  /** The superuser (condition `true`) over the same keyset pages. */
  keysetBaseline: Timing;
  /** Secondary: the same pages addressed with OFFSET 0…9,950. */
  offset: Timing;
  offsetBaseline: Timing;
}

async function bench(target: Target, productRows: number, objectGrants: number): Promise<Figures> {
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
  const globalViewer = await grants.createUser({ username: 'global' });
  await grants.grant({ user: globalViewer.id }, VIEW_PRODUCT);
  const viewPid = await permissionIdOf(db, 'shop', 'view_product');
  // Every (rows / grants)-th product: spread over the whole table, as real grants would be.
  const stride = Math.floor(productRows / objectGrants);
  const t = ms();
  await db.execute(
    sql`insert into auth_user_object_permission (user_id, permission_id, object_pk)
        select ${viewer.id}::integer, ${viewPid}::integer, (i * ${stride}::integer)::text
        from generate_series(1, ${objectGrants}::integer) i`,
  );
  await db.execute(sql`analyze auth_user_object_permission`);
  await db.execute(sql`analyze auth_group_object_permission`);
  await db.execute(sql`analyze auth_user_groups`);
  console.log(
    `  ${objectGrants.toLocaleString('en')} object grants (every ${stride}th id) in ${fmt(ms() - t, 0)} ms`,
  );

  const viewerUser = asUser(viewer.id);
  const rootUser = asUser(root.id, true);
  const globalUser = asUser(globalViewer.id);
  await authz.load(viewerUser); // model perms cached: the timed part is the select itself
  await authz.load(rootUser);
  await authz.load(globalUser);
  // A page is addressed either by the last id of the previous page (keyset: `id > lastId`) or by
  // OFFSET; a paginated list keeps the last id, so keyset is the headline.
  type Page = { keyset: true; lastId: number } | { keyset: false; offset: number };
  const pageQuery = (where: SQL, at: Page) =>
    db
      .select({ id: product.id, name: product.name })
      .from(product)
      .where(at.keyset ? and(where, gt(product.id, at.lastId)) : where)
      .orderBy(product.id)
      .limit(PAGE_SIZE)
      .offset(at.keyset ? 0 : at.offset);
  // 200 pages start at granted rows spread over the whole granted set. Granted ids are stride,
  // 2·stride, …, so the granted row at offset o follows id o·stride: the keyset pages are exactly
  // the OFFSET pages.
  const step = Math.floor(objectGrants / PAGES);
  const offsets = Array.from({ length: PAGES }, (_, i) => i * step);
  const keysetPages: Page[] = offsets.map((o) => ({ keyset: true, lastId: o * stride }));
  // Secondary: OFFSET o makes Postgres produce and discard the o granted rows before the page (one
  // index probe each), so deep pages cost more than 5 ms whatever the condition.
  const offsetPages: Page[] = offsets.map((o) => ({ keyset: false, offset: o }));

  // Sanity, checked on every timed page: a protected page holds the next 20 granted ids (only
  // multiples of stride, in order); a superuser page the next 20 ids of the table.
  const check = (rows: { id: number }[], at: Page, isProtected: boolean) => {
    const step = isProtected ? stride : 1;
    const first = at.keyset
      ? isProtected
        ? at.lastId + stride
        : at.lastId + 1
      : (at.offset + 1) * step;
    rows.forEach((row, i) => {
      if (row.id !== first + i * step) {
        throw new Error(
          `${isProtected ? 'protected' : 'superuser'} page ${JSON.stringify(at)}: row ${i} is id ${row.id}, expected ${first + i * step}`,
        );
      }
    });
    if (rows.length !== PAGE_SIZE)
      throw new Error(`page ${JSON.stringify(at)}: ${rows.length} rows`);
  };

  // What objectsFor is told of a page: the keyset's last id, or for OFFSET the rows up to its end.
  const pageOf = (at: Page) =>
    at.keyset ? { after: at.lastId, limit: PAGE_SIZE } : { limit: at.offset + PAGE_SIZE };
  // objectsFor() is called per page, as a request would; the user's model perms are cached.
  const timePages = async (who: AuthUser, pages: Page[], paged = true): Promise<Timing> => {
    const run = async (at: Page) =>
      pageQuery(
        await authz.objectsFor(who, VIEW_PRODUCT, product, paged ? pageOf(at) : undefined),
        at,
      );
    for (const at of pages.slice(0, 10)) await run(at); // warm caches and plans
    const times: number[] = [];
    for (const at of pages) {
      const t0 = ms();
      const rows = await run(at);
      times.push(ms() - t0);
      check(rows, at, who === viewerUser);
    }
    return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
  };
  const keyset = await timePages(viewerUser, keysetPages);
  const keysetFull = await timePages(viewerUser, keysetPages, false);
  const keysetBaseline = await timePages(rootUser, keysetPages);
  const keysetGlobal = await timePages(globalUser, keysetPages);
  const offset = await timePages(viewerUser, offsetPages);
  const offsetBaseline = await timePages(rootUser, offsetPages);

  const middle: Page = { keyset: true, lastId: Math.floor(objectGrants / 2) * stride };
  for (const [what, who] of [
    ['protected (objectsFor told the page)', viewerUser],
    ['global grant (condition true)', globalUser],
  ] as const) {
    const where = await authz.objectsFor(who, VIEW_PRODUCT, product, pageOf(middle));
    const query = pageQuery(where, middle).toSQL();
    const plan = await target.raw(
      `explain (analyze, buffers, costs off) ${query.sql}`,
      query.params,
    );
    console.log(`  EXPLAIN ANALYZE, ${what}, keyset page after id ${JSON.stringify(middle)}:`);
    for (const row of plan) console.log(`    ${String(Object.values(row)[0])}`);
  }

  const figures: Figures = {
    cachedNs,
    uncachedP50Ms,
    uncachedMeanMs,
    loadQueries,
    loadPermissions,
    loadP50Ms,
    loadP95Ms,
    productRows,
    objectGrants,
    keyset,
    keysetFull,
    keysetGlobal,
    keysetBaseline,
    offset,
    offsetBaseline,
  };
  console.log(
    `  3. objectsFor keyset pages: p50 ${fmt(keyset.p50, 3)} ms, p95 ${fmt(keyset.p95, 3)} ms; superuser keyset p50 ${fmt(keysetBaseline.p50, 3)} ms, p95 ${fmt(keysetBaseline.p95, 3)} ms (${fmt(keyset.p50 / keysetBaseline.p50, 1)}×)`,
  );
  console.log(
    `     OFFSET pages (secondary): p50 ${fmt(offset.p50, 3)} ms, p95 ${fmt(offset.p95, 3)} ms; superuser OFFSET p50 ${fmt(offsetBaseline.p50, 3)} ms, p95 ${fmt(offsetBaseline.p95, 3)} ms`,
  );
  return figures;
}

function table(results: Array<{ label: string; f: Figures; pageTarget: boolean }>): string {
  const met = (ok: boolean) => (ok ? 'yes' : 'NO');
  const timing = ({ p50, p95 }: Timing) => `p50 ${fmt(p50, 3)} ms, p95 ${fmt(p95, 3)} ms`;
  const rows: string[][] = [];
  for (const { label, f, pageTarget } of results) {
    const scale = `${(f.productRows / 1000).toLocaleString('en')}k rows, ${f.objectGrants.toLocaleString('en')} grants`;
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
        `objectsFor page of 20, keyset (\`id > last\`) (${scale})`,
        timing(f.keyset),
        // The 5 ms target is for Postgres on 1M rows; PGlite's page is shown for reference.
        pageTarget ? 'p50 < 5 ms' : '—',
        pageTarget ? met(f.keyset.p50 < 5) : '—',
      ],
      [
        label,
        'the same pages, objectsFor without the page (every grant read)',
        timing(f.keysetFull),
        '—',
        '—',
      ],
      [
        label,
        'user with a global grant (condition true), keyset',
        timing(f.keysetGlobal),
        pageTarget ? 'p50 < 5 ms' : '—',
        pageTarget ? met(f.keysetGlobal.p50 < 5) : '—',
      ],
      [
        label,
        'unprotected page (superuser, condition true), keyset',
        `${timing(f.keysetBaseline)}; protected/unprotected p50 ${fmt(f.keyset.p50 / f.keysetBaseline.p50, 1)}×`,
        '—',
        '—',
      ],
      [
        label,
        `secondary: objectsFor page, OFFSET 0…${((PAGES - 1) * Math.floor(f.objectGrants / PAGES)).toLocaleString('en')}`,
        `${timing(f.offset)} (superuser ${timing(f.offsetBaseline)})`,
        '—',
        '—',
      ],
    );
  }
  const head = ['backend', 'measure', 'result', 'target', 'met'];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

async function main() {
  const results: Array<{ label: string; f: Figures; pageTarget: boolean }> = [];
  const pg = await openPostgres();
  try {
    results.push({
      label: pg.label,
      f: await bench(pg, 1_000_000, OBJECT_GRANTS),
      pageTarget: true,
    });
  } finally {
    await pg.close();
  }
  if (RUN_PGLITE) {
    const lite = await openPglite();
    try {
      // 100k rows: a 1M-row insert into WASM Postgres is slow and not what PGlite serves in practice.
      results.push({ label: lite.label, f: await bench(lite, 100_000, 10_000), pageTarget: false });
    } finally {
      await lite.close();
    }
  }
  console.log(`\n${table(results)}`);
}

await main();
