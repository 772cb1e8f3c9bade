import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationConfig } from 'drizzle-orm/migrator';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** What globalSetup hands every test file (through vitest's provide/inject). */
export type TestBackend =
  | { backend: 'pglite'; available: true; templateFile: string }
  | { backend: 'postgres'; available: true; adminUrl: string; templateDb: string }
  | { backend: 'pglite' | 'postgres'; available: false; reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    'warden:testBackends': TestBackend[];
  }
}

/**
 * Hash of every committed migration of every source, with the sources' order and tables: a template
 * is reused only while all of them are equal.
 */
export function migrationsHash(migrations: readonly MigrationConfig[]): string {
  const hash = createHash('sha256');
  for (const { migrationsFolder, migrationsTable, migrationsSchema } of migrations) {
    hash.update(`${migrationsSchema ?? ''}.${migrationsTable ?? ''}\0`);
    const files = readdirSync(migrationsFolder, { recursive: true, encoding: 'utf8' }).sort();
    for (const file of files) {
      if (!file.endsWith('.sql') && !file.endsWith('.json')) continue;
      hash.update(file).update(readFileSync(join(migrationsFolder, file)));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/** `TEST_BACKENDS=pglite,postgres` (the default) or a subset. */
export function wantedBackends(env = process.env): Array<'pglite' | 'postgres'> {
  const raw = (env.TEST_BACKENDS ?? 'pglite,postgres').split(',').map((s) => s.trim());
  const wanted = raw.filter((b): b is 'pglite' | 'postgres' => b === 'pglite' || b === 'postgres');
  if (wanted.length === 0 || wanted.length !== raw.filter(Boolean).length) {
    throw new Error(
      `TEST_BACKENDS must list pglite and/or postgres (got ${JSON.stringify(env.TEST_BACKENDS)})`,
    );
  }
  return wanted;
}

/** Same URL, other database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
