import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { MigrationSource } from './migrations.js';
import type { AnyPgDatabase } from './types.js';

/** What `applyMigrations` did for one source. */
export interface MigrationReport {
  readonly source: MigrationSource;
  /** Migrations applied by this call. */
  readonly applied: number;
  /** Migrations recorded in the source's history table, this call's included. */
  readonly total: number;
}

// Any constant: it only has to be the same in every process that migrates this database, and
// this is the one runner that takes it ('ward').
const MIGRATION_LOCK = 0x77617264;

/**
 * Applies `sources` in order on any Drizzle Postgres database, in one transaction that holds an
 * advisory lock, so a failure leaves nothing half done and several processes or deploys starting
 * at once apply each migration once (the later ones wait, then find nothing left to do).
 *
 * It keeps drizzle's history format (`drizzle.<migrationsTable>`: hash, created_at = the journal's
 * `when`; a migration runs when it is newer than the newest row), so drizzle's own `migrate` and
 * this agree on a database. It does not call drizzle's migrators because they are one per driver
 * and each takes that driver's database type, and each commits its folder on its own.
 *
 * @example
 * import { applyMigrations } from '@warden/authz';
 * import { wardenMigrations } from '@warden/auth';
 *
 * await applyMigrations(db, wardenMigrations); // what `npx warden migrate` runs
 * // your app's folder after Warden's, with a history table of its own:
 * await applyMigrations(db, [...wardenMigrations, { migrationsFolder, migrationsTable: '__app_migrations' }]);
 */
export async function applyMigrations(
  db: AnyPgDatabase,
  sources: readonly MigrationSource[],
): Promise<MigrationReport[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.execute(sql`create schema if not exists drizzle`);
    const reports: MigrationReport[] = [];
    for (const source of sources) {
      const table = sql`drizzle.${sql.identifier(source.migrationsTable)}`;
      await tx.execute(sql`create table if not exists ${table} (
        id serial primary key, hash text not null, created_at bigint)`);
      const [last] = await tx._.session.all<{ at: string | null; n: number }>(
        sql`select max(created_at)::text as at, count(*)::int as n from ${table}`,
      );
      const newest = last?.at == null ? undefined : Number(last.at);
      let applied = 0;
      for (const migration of readMigrationFiles(source)) {
        if (newest !== undefined && migration.folderMillis <= newest) continue;
        for (const statement of migration.sql) await tx.execute(sql.raw(statement));
        await tx.execute(
          sql`insert into ${table} (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`,
        );
        applied += 1;
      }
      reports.push({ source, applied, total: (last?.n ?? 0) + applied });
    }
    return reports;
  });
}
