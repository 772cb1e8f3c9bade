import net from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from './create-db.js';
import { DATABASE_UNAVAILABLE_CODE } from './postgres-circuit.js';
import {
  postgresBinariesForTests,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from './testing/index.js';

// Issue 24, #15: with Postgres stopped, postgres.js rejected one queued query per connection
// attempt and kept the rest queued until Postgres came back. A real Postgres of the test's own is
// stopped and started under 16 concurrent callers of the pool createDb makes (one connection, the
// server's default). Bounds: 1 s for a failure is what the issue asks, and a busy 2-core machine
// keeps it (failures take milliseconds here); before the fix callers waited out the whole outage.
const FAIL_FAST_MS = 1_000;
const OUTAGE_MS = 4_000;
const CALLERS = 16;

const codes = (error: unknown): string[] => {
  const found: string[] = [];
  for (let e = error; e instanceof Error; e = e.cause) {
    if ('code' in e && typeof e.code === 'string') found.push(e.code);
  }
  return found;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const binaries = postgresBinariesForTests();

describe.skipIf(!binaries.found)('the pool, while Postgres is stopped and started', () => {
  let pg: ThrowawayPostgres;
  let handle: DbHandle;
  beforeAll(async () => {
    if (!binaries.found) return;
    pg = await startThrowawayPostgres(binaries.bindir);
    handle = await createDb({ schema: {}, connection: { url: pg.url } });
  }, 60_000);
  afterAll(async () => {
    await handle?.close();
    await pg?.destroy();
  });

  it('fails every query at once while it is down, however many wait, and serves on its return', async () => {
    let phase: 'up' | 'stopping' | 'down' | 'starting' = 'up';
    const down: Array<{ ms: number; codes: string[] }> = [];
    let okWhileUp = 0;
    let stop = false;
    const caller = async () => {
      while (!stop) {
        const at = phase;
        const started = performance.now();
        const result = await handle.db.execute(sql`select 1`).then(
          () => undefined,
          (error: unknown) => error,
        );
        if (at === 'up' && phase === 'up' && result === undefined) okWhileUp++;
        // Every query asked while down, however late its answer (one held until the return too).
        if (at === 'down') down.push({ ms: performance.now() - started, codes: codes(result) });
        if (result !== undefined) await sleep(20); // a client retrying soon, not spinning
      }
    };
    const callers = Array.from({ length: CALLERS }, caller);
    await sleep(500);
    phase = 'stopping';
    await pg.stop('fast');
    phase = 'down';
    await sleep(OUTAGE_MS);
    phase = 'starting';
    await pg.start();
    const returned = performance.now();
    while (
      (await handle.db.execute(sql`select 1`).then(
        () => true,
        () => false,
      )) === false
    ) {
      expect(performance.now() - returned, 'served again after the return').toBeLessThan(10_000);
      await sleep(10);
    }
    const servedAfterMs = performance.now() - returned;
    stop = true;
    await Promise.all(callers);

    const slowest = Math.max(...down.map((d) => d.ms));
    console.info(
      `stopped Postgres: ${down.length} queries failed while down, slowest ${Math.round(slowest)} ms; ` +
        `served again ${Math.round(servedAfterMs)} ms after pg_ctl start returned`,
    );
    expect(okWhileUp).toBeGreaterThan(0);
    // Many, not one per second: every caller gets its answer and asks again.
    expect(down.length).toBeGreaterThan(CALLERS * 4);
    for (const d of down) {
      expect(d.codes.length, 'an error with a code').toBeGreaterThan(0);
      expect(d.ms).toBeLessThan(FAIL_FAST_MS);
    }
    expect(servedAfterMs).toBeLessThan(3_000);
    expect(await handle.ping()).toMatchObject({ version: expect.stringMatching(/^\d+/) });
  }, 120_000);
});

// A Postgres that is shutting down or starting accepts the connection and answers its startup with
// FATAL 57P03 ("the database system is starting up"): the window of a shutdown checkpoint, which
// lasts seconds on a busy server. Such an answer opens the circuit as a refused connection does.
describe('the pool, answered "starting up"', () => {
  it('opens the circuit on an unavailable SQLSTATE in the startup answer', async () => {
    const errorResponse = (fields: Record<string, string>) => {
      const body = Buffer.concat([
        ...Object.entries(fields).map(([k, v]) => Buffer.from(`${k}${v}\0`)),
        Buffer.from([0]),
      ]);
      const head = Buffer.alloc(5);
      head.write('E');
      head.writeUInt32BE(body.length + 4, 1);
      return Buffer.concat([head, body]);
    };
    let connections = 0;
    const server = net.createServer((socket) => {
      connections++;
      socket.once('data', () =>
        socket.end(
          errorResponse({ S: 'FATAL', C: '57P03', M: 'the database system is starting up' }),
        ),
      );
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const handle = await createDb({
      schema: {},
      connection: { url: `postgres://postgres@127.0.0.1:${port}/postgres` },
    });
    try {
      const failure = (call: Promise<unknown>) => call.then(() => [], codes);
      expect(await failure(handle.db.execute(sql`select 1`))).toContain('57P03');
      const before = connections;
      const started = performance.now();
      const next = await Promise.all(
        Array.from({ length: 8 }, () => failure(handle.db.execute(sql`select 1`))),
      );
      for (const c of next) expect(c).toEqual([DATABASE_UNAVAILABLE_CODE, '57P03']);
      expect(performance.now() - started).toBeLessThan(FAIL_FAST_MS);
      // None of them went to the server (a probe every 250 ms may have).
      expect(connections - before).toBeLessThanOrEqual(2);
    } finally {
      await handle.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
