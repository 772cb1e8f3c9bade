import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createFixtureTables, fixtureMigrations } from '../test/fixture/migrations.js';
import * as schema from '../test/fixture/schema.js';
import { type Connection, connectionFromEnv, createDb, executeRows } from './create-db.js';
import { EnvError, readDbEnv } from './env.js';
import { describeEachBackend, withDatabase } from './testing/index.js';

const { note } = schema;
const open = (connection: Connection) => createDb({ schema, connection });

describeEachBackend('createDb', (t) => {
  it('answers, on a copy of the template the harness built from every source', async () => {
    const { version } = await t.handle.ping();
    expect(version).toMatch(/^\d+/);
    const tables = await executeRows<{ name: string }>(
      t.db,
      sql`select table_name as name from information_schema.tables where table_schema = 'public'
          order by table_name`,
    );
    expect(tables.map((r) => r.name)).toEqual(['fixture_note', 'fixture_tag']);
  });

  it('writes and reads through the schema', async () => {
    await t.db.insert(note).values({ title: 'hello' });
    expect(await t.db.select().from(note)).toEqual([{ id: 1, title: 'hello' }]);
    await t.reset();
    expect(await t.db.select().from(note)).toEqual([]);
  });

  it('rolls a failed transaction back whole', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await tx.insert(note).values({ title: 'twice' });
        await tx.insert(note).values({ title: 'twice' }); // unique violation
      }),
    ).rejects.toThrow();
    const [row] = await t.db.select({ n: count() }).from(note);
    expect(row?.n).toBe(0);
  });
});

describe('createDb on a PGlite directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-pglite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps committed data across close and reopen', { timeout: 180_000 }, async () => {
    const first = await open({ dataDir: dir });
    await createFixtureTables(first.db, fixtureMigrations);
    await first.db.insert(note).values({ title: 'persisted' });
    await first.close();
    await first.close(); // idempotent

    const second = await open({ dataDir: dir });
    try {
      const rows = await second.db.select().from(note);
      expect(rows.map((r) => r.title)).toEqual(['persisted']);
    } finally {
      await second.close();
    }
  });
});

const postgresSpec = inject('warden:testBackends').find(
  (b) => b.backend === 'postgres' && b.available,
);

describe.skipIf(postgresSpec === undefined)('createDb on Postgres', () => {
  it('names listenUrl as where LISTEN goes, not the pool (a pooler in transaction mode)', async () => {
    if (postgresSpec?.backend !== 'postgres' || !postgresSpec.available) return;
    const elsewhere = withDatabase(postgresSpec.adminUrl, 'postgres');
    const handle = await open({ url: postgresSpec.adminUrl, listenUrl: elsewhere });
    try {
      expect(handle.listenOn).toEqual({ backend: 'postgres', url: elsewhere });
    } finally {
      await handle.close();
    }
    const direct = await open({ url: postgresSpec.adminUrl });
    try {
      expect(direct.listenOn).toEqual({ backend: 'postgres', url: postgresSpec.adminUrl });
    } finally {
      await direct.close();
    }
  });
});

describe('connectionFromEnv', () => {
  it('sends the listener to DATABASE_LISTEN_URL, the pool to DATABASE_URL', () => {
    const env = readDbEnv({
      DATABASE_URL: 'postgres://app@pgbouncer:6432/app',
      DATABASE_LISTEN_URL: 'postgres://app@db:5432/app',
    });
    expect(connectionFromEnv(env)).toEqual({
      url: 'postgres://app@pgbouncer:6432/app',
      poolMax: 1,
      prepare: 'auto',
      listenUrl: 'postgres://app@db:5432/app',
    });
    expect(connectionFromEnv(readDbEnv({ DATABASE_URL: 'postgres://app@db/app' }))).toEqual({
      url: 'postgres://app@db/app',
      poolMax: 1,
      prepare: 'auto',
    });
  });

  it('passes DATABASE_PREPARE on: unset is auto (probed), on and off are as said', () => {
    const url = 'postgres://app@db/app';
    const prepare = (value?: string) =>
      connectionFromEnv(readDbEnv({ DATABASE_URL: url, DATABASE_PREPARE: value }));
    expect(prepare()).toMatchObject({ prepare: 'auto' });
    expect(prepare('auto')).toMatchObject({ prepare: 'auto' });
    expect(prepare('on')).toMatchObject({ prepare: true });
    expect(prepare('off')).toMatchObject({ prepare: false });
  });

  it('refuses DATABASE_LISTEN_URL without DATABASE_URL, naming it, password hidden', () => {
    const env = readDbEnv({ DATABASE_LISTEN_URL: 'postgres://app:s3cret@db/app' });
    expect(() => connectionFromEnv(env)).toThrow(EnvError);
    expect(() => connectionFromEnv(env)).toThrow(
      'DATABASE_LISTEN_URL: needs DATABASE_URL (PGlite listens in-process) (got "postgres://app:***@db/app")',
    );
  });
});
