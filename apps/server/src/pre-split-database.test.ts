import { describeEachBackend } from '@warden/db/testing';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { assertNotPreSplit, PreSplitDatabaseError } from './pre-split-database.js';

describeEachBackend('a database from before the migrations were split', (t) => {
  it('passes a database migrated from the three folders', async () => {
    await expect(assertNotPreSplit(t.db)).resolves.toBeUndefined();
  });

  it("is refused with what to do, before migrating it would fail on authz's first table", async () => {
    // What the single-folder migrations left: drizzle's default history table.
    await t.db.execute(sql`create table drizzle.__drizzle_migrations (
      id serial primary key, hash text not null, created_at bigint)`);
    await expect(assertNotPreSplit(t.db)).rejects.toThrow(PreSplitDatabaseError);
    await expect(assertNotPreSplit(t.db)).rejects.toThrow(/delete the PGlite directory/);
  });
});
