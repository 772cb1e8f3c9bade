import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { type DbEnv, EnvError, readDbEnv, redactUrl } from './env.js';
import { lockDataDir } from './pglite-lock.js';
import { type DbNotice, decidePrepare, type PrepareSetting } from './pooler.js';
import { postgresCircuit } from './postgres-circuit.js';

export type Backend = 'pglite' | 'postgres';
type AnySchema = Record<string, unknown>;
/** The driver-independent Drizzle database: what every package takes. */
export type Database<TSchema extends AnySchema = AnySchema> = PgDatabase<PgQueryResultHKT, TSchema>;

export interface DbHandle<TSchema extends AnySchema = AnySchema> {
  readonly db: Database<TSchema>;
  readonly backend: Backend;
  /** One round trip; resolves with the server version. */
  ping(): Promise<{ version: string }>;
  /**
   * Where a LISTEN on this database goes, for the credential cache of `@warden/auth/pglite` or
   * `@warden/auth/postgres-js`: PGlite's client (in-process), or Postgres at `listenUrl`.
   */
  readonly listenOn: ListenTarget;
  /**
   * What opening it found worth saying (for the server's log): whether statements are prepared,
   * and, as warnings, a pooler where prepared statements or LISTEN may not survive it. Empty for
   * PGlite and when `prepare` was not given.
   */
  readonly notices: readonly DbNotice[];
  /** Releases connections; for PGlite, flushes its files and closes them. Idempotent. */
  close(): Promise<void>;
}

/** Where LISTEN goes: the PGlite client itself, or a Postgres URL for a connection of its own. */
export type ListenTarget =
  | { readonly backend: 'pglite'; readonly client: PGlite }
  | { readonly backend: 'postgres'; readonly url: string };

/** A Postgres server: the pool's URL and size, and where LISTEN goes. */
export interface PostgresConnection {
  url: string;
  poolMax?: number;
  /**
   * Where LISTEN connects (`listenOn`), when not `url`: LISTEN needs a session of its own, which a
   * pooler in transaction mode (PgBouncer) does not keep, so point this at Postgres directly.
   */
  listenUrl?: string;
  /**
   * Whether postgres.js prepares statements. Unset: as postgres.js does (on, unless the URL says
   * `?prepare=false`), unchecked. `'auto'` (DATABASE_PREPARE's default): on, unless `url` answers
   * through a pooler (PgBouncer in transaction mode before 1.21 loses them between transactions:
   * `prepared statement "…" does not exist`). `true`: on, warned about behind a pooler. `false`:
   * off. `'auto'` and `true` cost one probe connection at start (`pooler.ts`).
   */
  prepare?: PrepareSetting;
}

/** Where the data lives: a Postgres URL, or PGlite (a directory, memory, or an open client). */
export type Connection =
  | PostgresConnection
  /** `dataDir: 'memory'` is an in-memory database; `client` adopts an open PGlite (tests). */
  | { url?: undefined; dataDir?: string | 'memory'; client?: PGlite };

export interface CreateDbOptions<TSchema extends AnySchema> {
  /**
   * The Drizzle tables (for `db.query.*`); pass `{}` when only the query builder is used.
   * Migrations are not this package's: `applyMigrations(handle.db, sources)` of `@warden/authz`
   * applies them, as `warden migrate` does.
   */
  schema: TSchema;
  /** Default: from the environment (`connectionFromEnv`). */
  connection?: Connection;
}

/**
 * The one way to get a database. Without a connection it follows the environment: `DATABASE_URL`
 * set → postgres.js, unset → PGlite under `PGLITE_DIR`.
 */
export async function createDb<TSchema extends AnySchema>(
  options: CreateDbOptions<TSchema>,
): Promise<DbHandle<TSchema>> {
  const { schema } = options;
  const connection = options.connection ?? connectionFromEnv();
  return connection.url !== undefined
    ? createPostgres(connection, schema)
    : createPglite(connection, schema);
}

export function connectionFromEnv(env: DbEnv = readDbEnv()): Connection {
  if (env.DATABASE_URL === undefined && env.DATABASE_LISTEN_URL !== undefined) {
    // Ignoring it would leave someone believing their listener goes where they said.
    throw new EnvError([
      `DATABASE_LISTEN_URL: needs DATABASE_URL (PGlite listens in-process) (got ${JSON.stringify(redactUrl(env.DATABASE_LISTEN_URL))})`,
    ]);
  }
  return env.DATABASE_URL !== undefined
    ? {
        url: env.DATABASE_URL,
        poolMax: env.DATABASE_POOL_MAX,
        prepare:
          env.DATABASE_PREPARE === 'on' ? true : env.DATABASE_PREPARE === 'off' ? false : 'auto',
        ...(env.DATABASE_LISTEN_URL === undefined ? {} : { listenUrl: env.DATABASE_LISTEN_URL }),
      }
    : { dataDir: env.PGLITE_DIR };
}

async function createPglite<TSchema extends AnySchema>(
  options: { dataDir?: string; client?: PGlite },
  schema: TSchema,
): Promise<DbHandle<TSchema>> {
  let client = options.client;
  let lock: { release(): void } | undefined;
  if (client === undefined) {
    const dir = options.dataDir ?? 'memory';
    if (dir !== 'memory') {
      mkdirSync(dir, { recursive: true });
      lock = lockDataDir(dir);
    }
    try {
      client = await PGlite.create(dir === 'memory' ? undefined : dir);
    } catch (error) {
      lock?.release();
      throw error;
    }
  }
  const pg = client;
  const db = drizzlePglite({ client: pg, schema });
  return {
    db,
    backend: 'pglite',
    ping: () => version(db),
    listenOn: { backend: 'pglite', client: pg },
    notices: [],
    close: async () => {
      if (!pg.closed) await pg.close();
      lock?.release(); // after the files are flushed and closed
    },
  };
}

/**
 * `connect_timeout` bounds a connect that gets no answer at all (postgres.js' default is 30 s).
 * Connection attempts go through a circuit (`postgres-circuit.ts`): while Postgres is known to be
 * down every query fails at once, however many wait, and the pool serves again within a probe's
 * interval (250 ms) of its return (issue 11 capped the backoff; issue 24 #15 the queue behind it).
 */
const CONNECT_TIMEOUT_S = 10;

async function createPostgres<TSchema extends AnySchema>(
  connection: PostgresConnection,
  schema: TSchema,
): Promise<DbHandle<TSchema>> {
  const { url, poolMax = 1, listenUrl = url, prepare: setting } = connection;
  const decided =
    setting === undefined
      ? { prepare: undefined, notices: [] }
      : await decidePrepare(setting, url, listenUrl, CONNECT_TIMEOUT_S);
  const circuit = postgresCircuit(url, { connectTimeoutS: CONNECT_TIMEOUT_S });
  // A variable, not a literal: postgres.js reads `socket` but its Options type omits it.
  const options = {
    max: poolMax,
    onnotice: () => {},
    connect_timeout: CONNECT_TIMEOUT_S,
    ...(decided.prepare === undefined ? {} : { prepare: decided.prepare }),
    ...circuit.options,
  };
  const client = postgres(url, options);
  const db = drizzlePostgres({ client, schema });
  let closed = false;
  return {
    db,
    backend: 'postgres',
    ping: () => version(db),
    listenOn: { backend: 'postgres', url: listenUrl },
    notices: decided.notices,
    close: async () => {
      if (closed) return;
      closed = true;
      circuit.close();
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
