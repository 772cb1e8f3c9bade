import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { CredentialCacheSource } from '@warden/auth';
import { credentialCache as pgliteCache } from '@warden/auth/pglite';
import { credentialCache as postgresCache } from '@warden/auth/postgres-js';
import type { AnyPgDatabase } from '@warden/authz';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

export interface Database {
  db: AnyPgDatabase;
  /** The credential cache on this driver, for `createAuth({ cache })`: nothing runs until then. */
  cache: CredentialCacheSource;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = new URL('../drizzle', import.meta.url).pathname;

/** Postgres at DATABASE_URL, or an embedded PGlite under .data/ (one process at a time). */
export function openDatabase(): Database {
  const url = process.env.DATABASE_URL;
  if (url) {
    const client = postgres(url, {
      max: 10,
      onnotice: () => {},
      // While Postgres is down, every query waits for a connection attempt: give up on a silent
      // one after 10 s, and retry within a second (postgres.js' own backoff grows to 20 s).
      connect_timeout: 10,
      backoff: (retries) => Math.min(0.05 * 2 ** retries, 1),
    });
    const db = drizzlePostgres(client);
    return {
      db,
      // A LISTEN connection of its own, to Postgres itself (not through a transaction-mode pooler).
      cache: postgresCache(url),
      migrate: () => migratePostgres(db, { migrationsFolder }),
      close: () => client.end(),
    };
  }
  const dir = process.env.PGLITE_DIR ?? '.data/blog';
  mkdirSync(dir, { recursive: true });
  const client = new PGlite(dir);
  const db = drizzlePglite(client);
  return {
    db,
    cache: pgliteCache(client),
    migrate: () => migratePglite(db, { migrationsFolder }),
    close: () => client.close(),
  };
}
