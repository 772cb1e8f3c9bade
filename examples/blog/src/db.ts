import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { AnyPgDatabase } from '@warden/authz';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

export interface Database {
  db: AnyPgDatabase;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = new URL('../drizzle', import.meta.url).pathname;

/** Postgres at DATABASE_URL, or an embedded PGlite under .data/ (one process at a time). */
export function openDatabase(): Database {
  const url = process.env.DATABASE_URL;
  if (url) {
    const client = postgres(url, { max: 10, onnotice: () => {} });
    const db = drizzlePostgres(client);
    return {
      db,
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
    migrate: () => migratePglite(db, { migrationsFolder }),
    close: () => client.close(),
  };
}
