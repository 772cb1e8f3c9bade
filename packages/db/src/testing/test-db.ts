import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { type Backend, createDb, type Database, type DbHandle, executeRows } from '../create-db.js';
import { type TestBackend, withDatabase } from './backends.js';

/** An isolated, migrated database for one describe block; open from beforeAll to afterAll. */
export class TestDb {
  #handle: DbHandle | undefined;
  #drop: (() => Promise<void>) | undefined;

  constructor(readonly backend: Backend) {}

  get handle(): DbHandle {
    if (this.#handle === undefined) throw new Error('TestDb is used outside beforeAll/afterAll');
    return this.#handle;
  }

  get db(): Database {
    return this.handle.db;
  }

  /** For Postgres: the URL of this test's own database (to open more connections to it). */
  url: string | undefined;

  async open(spec: TestBackend & { available: true }): Promise<void> {
    if (spec.backend === 'pglite') {
      const client = await PGlite.create({
        loadDataDir: new Blob([readFileSync(spec.templateFile)]),
      });
      this.#handle = await createDb({ schema: {}, connection: { client } });
      return;
    }
    const name = `warden_t_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = postgres(spec.adminUrl, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database "${name}" template "${spec.templateDb}"`);
    } finally {
      await admin.end({ timeout: 5 });
    }
    this.url = withDatabase(spec.adminUrl, name);
    this.#handle = await createDb({ schema: {}, connection: { url: this.url, poolMax: 4 } });
    this.#drop = async () => {
      const dropper = postgres(spec.adminUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end({ timeout: 5 });
      }
    };
  }

  /**
   * A second Drizzle instance on the same connection that counts the statements it sends, for
   * tests that pin "one query".
   */
  counting(): { db: Database; statements: () => number; reset: () => void } {
    let n = 0;
    const logger = {
      logQuery: () => {
        n += 1;
      },
    };
    const client = (this.db as unknown as { $client: unknown }).$client;
    const db =
      this.backend === 'pglite'
        ? drizzlePglite({ client: client as PGlite, logger })
        : drizzlePostgres({ client: client as Sql, logger });
    return {
      db,
      statements: () => n,
      reset: () => {
        n = 0;
      },
    };
  }

  /**
   * Another pool of connections to this test's database, as a second server process has: races
   * between two pools are real on Postgres. PGlite is one process's database, so there it is the
   * same handle (and `close` leaves it open).
   */
  async anotherPool(poolMax = 4): Promise<{ db: Database; close: () => Promise<void> }> {
    if (this.url === undefined) return { db: this.db, close: async () => {} };
    const other = await createDb({ schema: {}, connection: { url: this.url, poolMax } });
    return { db: other.db, close: () => other.close() };
  }

  /** Empties every application table (identities restart), for tests that need a clean slate. */
  async reset(): Promise<void> {
    await this.db.execute(sql`
      do $$ declare tables text; begin
        select string_agg(format('%I.%I', schemaname, tablename), ', ') into tables
          from pg_tables where schemaname = 'public';
        if tables is not null then
          execute 'truncate ' || tables || ' restart identity cascade';
        end if;
      end $$`);
  }

  /** Drops every table and the migration history: a database to migrate from nothing. */
  async empty(): Promise<void> {
    await this.db.execute(sql`drop schema if exists drizzle cascade`);
    await this.db.execute(sql`drop schema public cascade`);
    await this.db.execute(sql`create schema public`);
  }

  /** `schema.table` of every table in `public` and `drizzle` (the migrations' history), sorted. */
  async tables(): Promise<string[]> {
    const rows = await executeRows<{ name: string }>(
      this.db,
      sql`select table_schema || '.' || table_name as name from information_schema.tables
          where table_schema in ('public', 'drizzle') order by 1`,
    );
    return rows.map((r) => r.name);
  }

  async close(): Promise<void> {
    await this.#handle?.close();
    this.#handle = undefined;
    await this.#drop?.();
    this.#drop = undefined;
  }
}

/**
 * Declares the same tests once per backend: `name [pglite]` and `name [postgres]`. A backend that is
 * not available (no Postgres reachable outside CI) shows up as a skipped block with the reason.
 */
export function describeEachBackend(name: string, body: (t: TestDb) => void): void {
  for (const spec of inject('warden:testBackends')) {
    if (!spec.available) {
      describe.skip(`${name} [${spec.backend}: ${spec.reason}]`, () => {
        body(new TestDb(spec.backend));
      });
      continue;
    }
    describe(`${name} [${spec.backend}]`, () => {
      const t = new TestDb(spec.backend);
      beforeAll(() => t.open(spec));
      afterAll(() => t.close());
      body(t);
    });
  }
}
