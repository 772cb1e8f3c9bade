import { createDb } from '@warden/db';
import { describeEachBackend } from '@warden/db/testing';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConflictError } from '../src/errors.js';
import { createGrants } from '../src/grants.js';
import { auditLog, group, user } from '../src/schema.js';
import type { AnyPgDatabase } from '../src/types.js';
import { registry } from './fixture.js';

// Issue 24 #9 and #10. A username or group name is taken once: concurrent creates of one name gave
// a 500 (the unique violation of the insert that lost the race), and usernames differing only in
// case (`Admin` beside `admin`) were both accepted, so the audit log and the admin pages showed
// two people under what reads as one name.
describeEachBackend('unique usernames and group names', (t) => {
  // On Postgres a second pool, as a second server process has: the creates race across both, and
  // within each (the harness's own pool has 4 connections). PGlite is one connection: no race, but
  // the same answers.
  let other: { db: AnyPgDatabase; close: () => Promise<void> } | undefined;
  const pools = (): AnyPgDatabase[] => (other === undefined ? [t.db] : [t.db, other.db]);
  beforeAll(async () => {
    if (t.url !== undefined) {
      const handle = await createDb({
        schema: {},
        connection: { url: t.url, poolMax: 4 },
      });
      other = { db: handle.db, close: () => handle.close() };
    }
  });
  afterAll(() => other?.close());

  const grantsOn = (db: AnyPgDatabase) => createGrants({ db, registry });
  const auditCount = async (action: 'create-user' | 'create-group') =>
    (await t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, action)))[0]?.n;

  it('refuses a username that differs from a taken one only in case', async () => {
    const grants = grantsOn(t.db);
    await grants.createUser({ username: 'admin' });
    for (const username of ['Admin', 'ADMIN', 'aDmIn']) {
      await expect(grants.createUser({ username })).rejects.toThrow(
        new ConflictError(
          `username '${username}' is taken (usernames are unique regardless of case)`,
        ),
      );
    }
    // The database holds the rule too, for rows written around the grants API.
    await expect(t.db.insert(user).values({ username: 'ADMIN' })).rejects.toThrow();
    const rows = await t.db
      .select({ username: user.username })
      .from(user)
      .where(sql`lower(${user.username}) = 'admin'`);
    expect(rows).toEqual([{ username: 'admin' }]);
  });

  it('answers concurrent creates of one username with one user and ConflictErrors', async () => {
    const before = await auditCount('create-user');
    const names = ['zed', 'Zed', 'ZED', 'zeD'];
    const results = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) => {
        const dbs = pools();
        const db = dbs[i % dbs.length] ?? t.db;
        return grantsOn(db).createUser({ username: names[i % names.length] ?? 'zed' });
      }),
    );
    const created = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(23);
    for (const reason of refused) expect(reason).toBeInstanceOf(ConflictError);
    const [{ n } = { n: 0 }] = await t.db
      .select({ n: count() })
      .from(user)
      .where(sql`lower(${user.username}) = 'zed'`);
    expect(n).toBe(1);
    expect(await auditCount('create-user')).toBe((before ?? 0) + 1);
  });

  it('answers concurrent creates of one group name with one group and ConflictErrors', async () => {
    const before = await auditCount('create-group');
    const results = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) => {
        const dbs = pools();
        return grantsOn(dbs[i % dbs.length] ?? t.db).createGroup('Racers');
      }),
    );
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(refused).toHaveLength(23);
    for (const reason of refused)
      expect(reason).toEqual(new ConflictError("group 'Racers' exists"));
    const [{ n } = { n: 0 }] = await t.db
      .select({ n: count() })
      .from(group)
      .where(eq(group.name, 'Racers'));
    expect(n).toBe(1);
    expect(await auditCount('create-group')).toBe((before ?? 0) + 1);
  });
});
