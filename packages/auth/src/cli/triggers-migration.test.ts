import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { TRIGGERS_HEADER, writeTriggersMigration } from './triggers-migration.js';

// A real drizzle-kit folder (auth's own migrations) gets the triggers as its next migration, which
// drizzle's migrator then applies like any other; the same SQL again writes nothing.
const authFolder = new URL('../../drizzle', import.meta.url).pathname;

describe('warden triggers --write', () => {
  const dirs: string[] = [];
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-triggers-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('writes the next migration, which drizzle applies, and nothing for the same SQL', async () => {
    const dir = folder();
    cpSync(authFolder, dir, { recursive: true });
    const before = readdirSync(join(dir, 'meta')).length;
    const journalBefore = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8'));
    // Numbered after auth's own migrations, however many there are.
    const next: number = journalBefore.entries.length;
    const tag = (n: number) => `${String(n).padStart(4, '0')}_warden_triggers`;
    const sqlText = 'create table warden_triggers_probe (id integer);\n';
    const result = writeTriggersMigration(dir, sqlText);
    expect(result).toEqual({ written: join(dir, `${tag(next)}.sql`) });
    expect(readFileSync(join(dir, `${tag(next)}.sql`), 'utf8')).toBe(TRIGGERS_HEADER + sqlText);
    expect(readdirSync(join(dir, 'meta'))).toHaveLength(before + 1); // its snapshot
    const journalText = readFileSync(join(dir, 'meta', '_journal.json'), 'utf8');
    const journal = JSON.parse(journalText);
    expect(journal.entries.at(-1)).toMatchObject({ idx: next, tag: tag(next) });
    // As drizzle-kit writes it: its keys in their order, two spaces, no final newline.
    expect(Object.keys(journal)).toEqual(['version', 'dialect', 'entries']);
    expect(journalText.endsWith('}')).toBe(true);
    // The earlier entries untouched, their keys in drizzle-kit's order: the diff is one entry.
    const entries = [...journalBefore.entries, journal.entries.at(-1)];
    expect(journalText).toBe(JSON.stringify({ ...journalBefore, entries }, null, 2));

    // Applied by drizzle's own migrator, after the folder's other migrations (which need authz's
    // tables: a stand-in for auth_user is enough for their foreign keys here).
    const client = new PGlite();
    try {
      const db = drizzle({ client });
      await db.execute(sql`create table auth_user (id integer primary key, is_active boolean)`);
      await db.execute(sql`create table auth_user_groups (user_id integer)`);
      await db.execute(sql`create table auth_user_user_permissions (user_id integer)`);
      await db.execute(sql`create table auth_group_permissions (id integer)`);
      await db.execute(sql`create table auth_permission (id integer)`);
      await db.execute(sql`create table auth_content_type (id integer)`);
      await db.execute(sql`create table auth_group (id integer, name text)`);
      for (const scoped of ['auth_membership', 'auth_user_scope_permission'])
        await db.execute(sql`create table ${sql.identifier(scoped)} (user_id integer)`);
      await db.execute(sql`create table auth_group_scope_permission (group_id integer)`);
      await db.execute(sql`create table auth_user_object_permission (user_id integer)`);
      await db.execute(sql`create table auth_group_object_permission (group_id integer)`);
      await migrate(db, { migrationsFolder: dir });
      const probe = await db.execute(sql`select count(*) from warden_triggers_probe`);
      expect(probe.rows).toHaveLength(1);
    } finally {
      await client.close();
    }

    expect(writeTriggersMigration(dir, sqlText)).toEqual({
      upToDate: join(dir, `${tag(next)}.sql`),
    });
    expect(writeTriggersMigration(dir, `${sqlText}-- a table more\n`)).toEqual({
      written: join(dir, `${tag(next + 1)}.sql`),
    });
  });

  it('refuses a folder without drizzle-kit migrations', () => {
    expect(writeTriggersMigration(folder(), 'select 1;')).toEqual({
      problem: expect.stringContaining('generate your tables'),
    });
  });
});
