import { sql } from 'drizzle-orm';
import type { Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type DbHandle } from './create-db.js';
import { behindPooler, decidePrepare } from './pooler.js';
import { type PgBouncer, pgBouncerForTests, startPgBouncer } from './testing/index.js';

const postgresSpec = inject('warden:testBackends').find(
  (b) => b.backend === 'postgres' && b.available,
);
const adminUrl =
  postgresSpec?.backend === 'postgres' && postgresSpec.available
    ? postgresSpec.adminUrl
    : undefined;
const UNREACHABLE = 'postgres://postgres@127.0.0.1:1/none';

describe('decidePrepare without a probe', () => {
  it('off needs no probe and says so', async () => {
    expect(await decidePrepare(false, UNREACHABLE, UNREACHABLE, 1)).toEqual({
      prepare: false,
      notices: [{ level: 'info', message: 'prepared statements: off (DATABASE_PREPARE=off)' }],
    });
  });

  it('auto leaves an unanswered probe to the pool (on), and ?prepare= in the URL to postgres.js', async () => {
    const unanswered = await decidePrepare('auto', UNREACHABLE, UNREACHABLE, 1);
    expect(unanswered.prepare).toBe(true);
    expect(unanswered.notices[0]?.message).toMatch(/on .*assumed: the probe got no answer/);
    const fromUrl = await decidePrepare('auto', `${UNREACHABLE}?prepare=false`, UNREACHABLE, 1);
    expect(fromUrl.prepare).toBeUndefined();
    expect(fromUrl.notices[0]?.message).toBe(
      'prepared statements: off (prepare=false in DATABASE_URL)',
    );
  });
});

describe.skipIf(adminUrl === undefined)('the pooler probe on Postgres itself', () => {
  it('finds no pooler, and auto prepares', async () => {
    if (adminUrl === undefined) return;
    expect(await behindPooler(adminUrl, 10)).toBe(false);
    const decided = await decidePrepare('auto', adminUrl, adminUrl, 10);
    expect(decided.prepare).toBe(true);
    expect(decided.notices).toEqual([
      {
        level: 'info',
        message: `prepared statements: on (${adminUrl} is a Postgres session of its own)`,
      },
    ]);
  });
});

// Issue 23: PgBouncer 1.18 in transaction mode hands each transaction any server connection, and
// a statement postgres.js prepared on one is unknown on the next: `prepared statement "…" does not
// exist` (26000). Reproduced with prepare on; auto sees the pooler and sends unnamed statements.
const bouncer = adminUrl === undefined ? { found: false as const } : pgBouncerForTests();
describe.skipIf(adminUrl === undefined || !bouncer.found)(
  'through PgBouncer in transaction mode',
  () => {
    let pgbouncer: PgBouncer;
    let pooled: string;
    beforeAll(async () => {
      if (!bouncer.found || adminUrl === undefined) return;
      pgbouncer = await startPgBouncer(bouncer.path, adminUrl, { poolSize: 2 });
      pooled = pgbouncer.pooled(adminUrl);
    }, 60_000);
    afterAll(() => pgbouncer?.stop());

    /**
     * As a Drizzle query built with `.prepare(name)` runs (the session and token lookups, the
     * product pages): postgres.js's `unsafe` with `prepare: true`, a named statement unless the
     * client's `prepare` is off.
     */
    const preparedQuery = (handle: DbHandle, n: number) =>
      (handle.db as unknown as { $client: Sql }).$client.unsafe('select $1::int + 1 as n', [n], {
        prepare: true,
      });

    /**
     * One session prepares a statement, then runs it in a transaction while another session holds
     * a transaction open, round after round: behind the pooler the transaction lands on another
     * server connection, where the statement is unknown. (Outside a transaction postgres.js
     * prepares it again and retries once, which hides some of it; a retry in a transaction cannot
     * help, nor can one in a pipeline of concurrent queries.) Returns the errors' messages.
     */
    async function interleave(handle: DbHandle, other: DbHandle, rounds: number) {
      const errors: string[] = [];
      const caught = (error: unknown) => {
        errors.push(String((error as Error).message));
      };
      const client = (handle.db as unknown as { $client: Sql }).$client;
      for (let i = 0; i < rounds; i++) {
        await preparedQuery(handle, i).catch(caught);
        await other.db.transaction(async (tx) => {
          await tx.execute(sql`select 1`);
          await client
            .begin((mine) => mine.unsafe('select $1::int + 1 as n', [i], { prepare: true }))
            .catch(caught);
        });
      }
      return errors;
    }

    it('the probe sees it; prepared statements fail there, and auto turns them off', async () => {
      expect(await behindPooler(pooled, 10)).toBe(true);
      const other = await createDb({ schema: {}, connection: { url: pooled, prepare: false } });
      const prepared = await createDb({
        schema: {},
        connection: { url: pooled, prepare: true, listenUrl: adminUrl },
      });
      const auto = await createDb({
        schema: {},
        connection: { url: pooled, prepare: 'auto', listenUrl: adminUrl },
      });
      try {
        expect(prepared.notices.map((n) => n.level)).toEqual(['info', 'warn']);
        expect(prepared.notices[1]?.message).toMatch(/DATABASE_PREPARE=on, and .* a pooler/);
        const failures = await interleave(prepared, other, 30);
        console.log(`prepare on through PgBouncer 1.18: ${failures.length} of 30 failed`);
        expect(failures.length).toBeGreaterThan(0);
        expect(failures[0]).toMatch(/prepared statement ".*" does not exist/);

        expect(auto.notices).toEqual([
          {
            level: 'info',
            message: `prepared statements: off (${pooled} answers through a pooler; DATABASE_PREPARE=on if it keeps them)`,
          },
        ]);
        expect(await interleave(auto, other, 30)).toEqual([]);
      } finally {
        await Promise.all([other.close(), prepared.close(), auto.close()]);
      }
    });

    it('warns when the listener would go through it too', async () => {
      const alone = await decidePrepare('auto', pooled, pooled, 10);
      expect(alone.prepare).toBe(false);
      expect(alone.notices[1]).toMatchObject({ level: 'warn' });
      expect(alone.notices[1]?.message).toMatch(/DATABASE_LISTEN_URL is unset/);
      const listenPooled = await decidePrepare('auto', adminUrl ?? '', pooled, 10);
      expect(listenPooled.prepare).toBe(true);
      expect(listenPooled.notices[1]?.message).toMatch(
        /DATABASE_LISTEN_URL \(.*\) answers through a pooler/,
      );
    });
  },
);
