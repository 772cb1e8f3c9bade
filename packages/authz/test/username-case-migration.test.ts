import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { executeRows } from '@warden/db';
import { describeEachBackend } from '@warden/db/testing';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { authzMigrations } from '../src/migrations.js';
import { user } from '../src/schema.js';

// Migration 0004 makes usernames unique regardless of case. A database that already holds `ann`
// and `Ann` cannot take the index; the migration must stop with a message naming them, not with
// Postgres' "could not create unique index" (which names one key) and not by renaming anyone.
const statements = readFileSync(
  join(authzMigrations.migrationsFolder, '0004_username_case_insensitive.sql'),
  'utf8',
).split('--> statement-breakpoint');

/** The message of the error under drizzle's wrapper (which spells out the whole statement). */
function rootMessage(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(error);
}

describeEachBackend('migration 0004 (usernames unique regardless of case)', (t) => {
  const indexExists = async () => {
    const rows = await executeRows(
      t.db,
      sql`select indexname from pg_indexes where indexname = 'auth_user_username_lower_key'`,
    );
    return rows.length === 1;
  };
  const migrate = async () => {
    await t.db.transaction(async (tx) => {
      for (const statement of statements) await tx.execute(sql.raw(statement));
    });
  };

  it('refuses a database with case duplicates, naming every one, and changes nothing', async () => {
    // The database as it was before 0004, with names that differ only in case.
    await t.db.execute(sql`drop index auth_user_username_lower_key`);
    await t.db
      .insert(user)
      .values(['ann', 'Ann', 'ANN', 'bob', 'Bob', 'carl'].map((username) => ({ username })));

    const error = await migrate().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(rootMessage(error)).toMatch(
      /^usernames must be unique regardless of case; these differ only in case: 'ann' \(id \d+\), 'Ann' \(id \d+\), 'ANN' \(id \d+\); 'bob' \(id \d+\), 'Bob' \(id \d+\)$/,
    );
    expect(await indexExists()).toBe(false);

    // Once the operator renames them, it applies.
    await t.db.execute(sql`update auth_user set username = username || '-' || id
      where username in ('Ann', 'ANN', 'Bob')`);
    await migrate();
    expect(await indexExists()).toBe(true);
    await expect(t.db.insert(user).values({ username: 'CARL' })).rejects.toThrow();
  });
});
