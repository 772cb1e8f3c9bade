import { type Database, executeRows } from '@warden/db';
import { sql } from 'drizzle-orm';

/**
 * A database migrated before Warden's DDL was split into authz's, auth's and the app's folders
 * (issue 15) recorded everything in drizzle's default `__drizzle_migrations` table, which nothing
 * uses now. Migrating it would fail on the first `CREATE TABLE auth_content_type` with "already
 * exists"; this says what to do instead. Pre-1.0 with nothing published, there is no upgrade path.
 */
export class PreSplitDatabaseError extends Error {
  override name = 'PreSplitDatabaseError';
  constructor() {
    super(
      "this database was migrated by a version from before Warden's migrations were split into " +
        "authz's, auth's and the app's folders, and cannot be upgraded: delete the PGlite directory " +
        '(PGLITE_DIR, .data/ by default) or point DATABASE_URL at an empty database, then start again',
    );
  }
}

/** Throws PreSplitDatabaseError for such a database; one catalog lookup otherwise. */
export async function assertNotPreSplit(db: Database): Promise<void> {
  const [row] = await executeRows<{ old: boolean }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as old`,
  );
  if (row?.old === true) throw new PreSplitDatabaseError();
}
