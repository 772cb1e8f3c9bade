import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

// `warden triggers --write`: the cleanup triggers of the app's tables, as a drizzle-kit migration
// of its own, written where drizzle-kit writes (as `drizzle-kit generate --custom` does: the SQL
// file, an entry in meta/_journal.json, and a copy of the latest snapshot). Before, the SQL was
// printed to be pasted into a file made by hand, from a command that needed the build it was run
// before.

const TAG = 'warden_triggers';
/** The first line of every such migration: what wrote it, and when to write it again. */
export const TRIGGERS_HEADER =
  '-- The object-grant cleanup triggers of the registered tables, by `warden triggers --write` (run it again after registering a table).\n';

const journalSchema = z.looseObject({
  entries: z.array(
    z.looseObject({ idx: z.number(), tag: z.string(), when: z.number(), version: z.string() }),
  ),
});
const snapshotSchema = z.looseObject({ id: z.string(), prevId: z.string() });

export type TriggersMigration =
  | { readonly written: string }
  | { readonly upToDate: string }
  | { readonly problem: string };

/**
 * Writes `sql` as the next migration of the drizzle-kit folder `dir`, unless the latest triggers
 * migration there already says the same (re-run it after registering a table: its SQL is `create
 * or replace`, so a new migration replaces what an older one made).
 */
export function writeTriggersMigration(dir: string, triggers: string): TriggersMigration {
  const sql = `${TRIGGERS_HEADER}${triggers}`;
  const journalFile = join(dir, 'meta', '_journal.json');
  if (!existsSync(journalFile)) {
    return {
      problem: `no drizzle-kit migrations in ${dir} (no meta/_journal.json): generate your tables' first (npx drizzle-kit generate); the triggers come after them`,
    };
  }
  const raw: unknown = JSON.parse(readFileSync(journalFile, 'utf8'));
  const journal = journalSchema.safeParse(raw);
  if (!journal.success || typeof raw !== 'object' || raw === null)
    return { problem: `${journalFile} is not a drizzle-kit journal` };
  const { entries } = journal.data;
  const last = entries.at(-1);
  if (last === undefined) return { problem: `${journalFile} lists no migration yet` };
  const previous = [...entries].reverse().find((e) => e.tag.endsWith(`_${TAG}`));
  if (previous !== undefined && readSql(dir, previous.tag) === sql)
    return { upToDate: join(dir, `${previous.tag}.sql`) };

  const snapshots = join(dir, 'meta');
  const lastSnapshot = readdirSync(snapshots)
    .filter((f) => /^\d+_snapshot\.json$/.test(f))
    .sort()
    .at(-1);
  if (lastSnapshot === undefined) return { problem: `no snapshot in ${snapshots}` };
  const rawSnapshot: unknown = JSON.parse(readFileSync(join(snapshots, lastSnapshot), 'utf8'));
  const snapshot = snapshotSchema.safeParse(rawSnapshot);
  if (!snapshot.success || typeof rawSnapshot !== 'object' || rawSnapshot === null)
    return { problem: `${lastSnapshot} is not a drizzle-kit snapshot` };

  const idx = last.idx + 1;
  const prefix = String(idx).padStart(4, '0');
  const tag = `${prefix}_${TAG}`;
  writeFileSync(join(dir, `${tag}.sql`), sql);
  // The snapshot is the schema after this migration: the same tables (triggers are not in it).
  // Spread from the files as read (not the parsed copies, which put the declared keys first), and
  // written as drizzle-kit writes them (two spaces, no final newline): the diff is the change only.
  const next = { ...rawSnapshot, id: randomUUID(), prevId: snapshot.data.id };
  writeFileSync(join(snapshots, `${prefix}_snapshot.json`), JSON.stringify(next, null, 2));
  // The earlier entries as read too: the parsed ones put idx, tag, when, version first, which
  // rewrote every line of them in an app's journal (drizzle-kit writes idx, version, when, tag).
  const asRead = z.object({ entries: z.array(z.unknown()) }).parse(raw).entries;
  const entry = { idx, version: last.version, when: Date.now(), tag, breakpoints: true };
  writeFileSync(journalFile, JSON.stringify({ ...raw, entries: [...asRead, entry] }, null, 2));
  return { written: join(dir, `${tag}.sql`) };
}

function readSql(dir: string, tag: string): string | undefined {
  const file = join(dir, `${tag}.sql`);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
