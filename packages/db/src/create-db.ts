import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { readDbEnv } from './env';
import * as schema from './schema';

export type Schema = typeof schema;
export type Backend = 'pglite' | 'postgres';
/** The driver-independent Drizzle database: what every package takes. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface DbHandle {
  readonly db: Database;
  readonly backend: Backend;
  /** Applies the committed drizzle-kit migrations; safe to call from several processes at once. */
  migrate(): Promise<void>;
  /** One round trip; resolves with the server version. */
  ping(): Promise<{ version: string }>;
  /** Releases connections; for PGlite, flushes its files and closes them. Idempotent. */
  close(): Promise<void>;
}

export type CreateDbOptions =
  | { url: string; poolMax?: number }
  /** `dataDir: 'memory'` is an in-memory database; `client` adopts an open PGlite (tests). */
  | { url?: undefined; dataDir?: string | 'memory'; client?: PGlite };

export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK = 0x77617264; // 'ward'

/**
 * The one way to get a database. Without options it follows the environment: `DATABASE_URL` set →
 * postgres.js, unset → PGlite under `PGLITE_DIR`.
 */
export async function createDb(options?: CreateDbOptions): Promise<DbHandle> {
  const resolved = options ?? fromEnv();
  return resolved.url !== undefined
    ? createPostgres(resolved.url, resolved.poolMax ?? 1)
    : createPglite(resolved);
}

function fromEnv(): CreateDbOptions {
  const env = readDbEnv();
  return env.DATABASE_URL !== undefined
    ? { url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX }
    : { dataDir: env.PGLITE_DIR };
}

async function createPglite(options: { dataDir?: string; client?: PGlite }): Promise<DbHandle> {
  let client = options.client;
  if (client === undefined) {
    const dir = options.dataDir ?? 'memory';
    if (dir !== 'memory') mkdirSync(dir, { recursive: true });
    client = await PGlite.create(dir === 'memory' ? undefined : dir);
  }
  const pg = client;
  const db = drizzlePglite({ client: pg, schema });
  return {
    db,
    backend: 'pglite',
    // One PGlite is one connection in one process, so there is nobody to race with.
    migrate: () => migratePglite(db, { migrationsFolder }),
    ping: () => version(db),
    close: async () => {
      if (!pg.closed) await pg.close();
    },
  };
}

async function createPostgres(url: string, poolMax: number): Promise<DbHandle> {
  const client = postgres(url, { max: poolMax, onnotice: () => {} });
  const db = drizzlePostgres({ client, schema });
  let closed = false;
  return {
    db,
    backend: 'postgres',
    migrate: async () => {
      // Several server processes may start together: a session advisory lock makes the second wait,
      // then find nothing left to apply. The lock lives on its own connection, because the pool
      // may have only one and the migrator needs it.
      const lock = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
        await migratePostgres(db, { migrationsFolder });
      } finally {
        await lock.end({ timeout: 5 });
      }
    },
    ping: () => version(db),
    close: async () => {
      if (closed) return;
      closed = true;
      await client.end({ timeout: 5 });
    },
  };
}

/**
 * Runs raw SQL on either driver and returns its rows: postgres.js resolves to an array of rows,
 * PGlite to `{ rows }`, and Drizzle's driver-independent type says only `unknown`.
 */
export async function executeRows<T extends Record<string, unknown>>(
  db: Database,
  query: SQL,
): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  if (
    typeof result === 'object' &&
    result !== null &&
    'rows' in result &&
    Array.isArray(result.rows)
  ) {
    return result.rows as T[];
  }
  throw new Error('unexpected result shape from db.execute');
}

async function version(db: Database): Promise<{ version: string }> {
  const [row] = await executeRows<{ version: string }>(
    db,
    sql`select current_setting('server_version') as version`,
  );
  if (row === undefined) throw new Error('database returned no row for its version');
  return { version: row.version };
}
