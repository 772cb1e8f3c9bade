import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { get } from 'node:http';
import { fileURLToPath } from 'node:url';
import { migrations, seedDemo } from '@warden/api';
import { applyMigrations } from '@warden/authz';
import { createDb } from '@warden/db';
import {
  postgresBinariesForTests,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '@warden/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialCacheOf } from '../src/app.js';
import { startServer, Visitor } from './live-server.js';

// Issue 24, #15: with clients in flight and Postgres stopped, the server answered one queued
// request per reconnect attempt (2, 102, 301, 702, 1,502 … 5,503 ms) and held the rest until
// Postgres came back. Now every request that needs the database answers 503 with Retry-After
// within FAIL_FAST_MS while it is down, however many wait, and the server serves again soon after
// its return, without a restart. A real Postgres of the test's own is stopped (`pg_ctl -m fast`:
// sessions ended with 57P01, then nothing listens) and started, under 12 concurrent clients, on
// one process (the server's default pool of one connection) and on WEB_CONCURRENCY=2.
// FAIL_FAST_MS is the bound: answers take milliseconds here, under load a few hundred;
// before the fix they waited out the outage (OUTAGE_MS). It holds for nine answers in ten; every
// answer must come within half the outage. The return is asserted leniently and
// printed: it takes a probe's 250 ms.
const FAIL_FAST_MS = 1_000;
const OUTAGE_MS = 5_000;
const RETURN_BOUND_MS = 10_000;
const CLIENTS = 12;

type Phase = 'up' | 'stopping' | 'down' | 'starting' | 'returning' | 'back';
interface Answer {
  call: string;
  started: Phase;
  ended: Phase;
  status: number;
  retryAfter: string | null;
  ms: number;
}

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const binaries = postgresBinariesForTests();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!binaries.found)('Postgres stopped and started under concurrent clients', () => {
  let pg: ThrowawayPostgres;
  beforeAll(async () => {
    if (!binaries.found) return;
    pg = await startThrowawayPostgres(binaries.bindir);
    const handle = await createDb({ schema: {}, connection: { url: pg.url } });
    await applyMigrations(handle.db, migrations);
    await seedDemo(handle.db);
    await handle.close();
  }, 120_000);
  afterAll(async () => {
    await pg?.destroy();
  });

  it('one process: 503 within 1 s (nine in ten, none waiting out the outage) while it is down, served again after its return', async () => {
    const handle = await createDb({ schema: {}, connection: { url: pg.url } });
    const server = await startServer(handle, { credentialCache: credentialCacheOf(handle) });
    try {
      await outage(pg, server.url, 'one process', 1);
    } finally {
      await server.close();
      await handle.close();
    }
  }, 180_000);

  it('WEB_CONCURRENCY=2: the same on every worker', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=@warden/source', '--import', 'tsx', 'src/main.ts'],
      {
        cwd: serverDir,
        env: {
          PATH: process.env.PATH ?? '',
          PORT: '0',
          WEB_CONCURRENCY: '2',
          DATABASE_URL: pg.url,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const output = collect(child);
    try {
      let urls: string[] = [];
      while (urls.length < 2) {
        if (child.exitCode !== null) throw new Error(output());
        urls = [...output().matchAll(/listening on (http:\/\/[\d.]+:\d+)/g)].map((m) => m[1] ?? '');
        await sleep(100);
      }
      await outage(pg, urls[0] ?? '', 'WEB_CONCURRENCY=2', 2);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      expect((await exited)[0], output()).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 240_000);
});

/** A GET on a connection of its own (never a kept-alive one), with the visitor's cookies. */
function statusOnNewConnection(url: string, visitor: Visitor): Promise<number> {
  const cookie = [...visitor.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false, headers: { cookie } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
}

function collect(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return () => text;
}

/** Clients in flight; Postgres stopped, then started; what each phase answered, checked. */
async function outage(
  pg: ThrowawayPostgres,
  url: string,
  label: string,
  workers: number,
): Promise<void> {
  const viewer = await new Visitor(url).login('viewer', 'viewer-demo-pw');
  const editor = await new Visitor(url).login('editor', 'editor-demo-pw');
  const anonymous = new Visitor(url);
  // What the grants say, with the database up: [who, request, status].
  const calls = [
    { call: 'viewer list', run: () => viewer.fetch(`${url}/trpc/polls.questions.list`), ok: 200 },
    {
      call: 'viewer create',
      run: () =>
        viewer.fetch(`${url}/trpc/polls.questions.create`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ questionText: 'no' }),
        }),
      ok: 403,
    },
    { call: 'editor list', run: () => editor.fetch(`${url}/trpc/shop.products.list`), ok: 200 },
    {
      call: 'anonymous list',
      run: () => anonymous.fetch(`${url}/trpc/polls.questions.list`),
      ok: 401,
    },
  ] as const;
  const expected = new Map<string, number>(calls.map((c) => [c.call, c.ok]));

  let phase: Phase = 'up';
  const answers: Answer[] = [];
  let stop = false;
  const client = async (offset: number) => {
    for (let i = offset; !stop; i++) {
      const c = calls[i % calls.length];
      if (c === undefined) continue;
      const started = phase;
      const t0 = performance.now();
      const res = await c.run();
      await res.body?.cancel();
      const answer = {
        call: c.call,
        started,
        ended: phase,
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        ms: performance.now() - t0,
      };
      answers.push(answer);
      if (res.status === 503) await sleep(20); // a client retrying soon, not spinning
    }
  };
  const count = (p: Phase) => answers.filter((a) => a.started === p).length;
  const settle = async (p: Phase, ms: number, least: number) => {
    await sleep(ms);
    const until = performance.now() + 60_000;
    while (count(p) < least && performance.now() < until) await sleep(50);
  };

  const clients = Array.from({ length: CLIENTS }, (_, i) => client(i));
  await settle('up', 1_500, 20);
  phase = 'stopping';
  await pg.stop('fast');
  phase = 'down';
  await settle('down', OUTAGE_MS, CLIENTS * 4);
  const health = await fetch(`${url}/healthz`);
  expect(health.status).toBe(503);
  const refused = await viewer.fetch(`${url}/trpc/polls.questions.list`);
  expect(await refused.json()).toMatchObject({
    error: {
      message: 'the database is unavailable; try again shortly',
      data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503 },
    },
  });
  expect((await anonymous.fetch(`${url}/auth/csrf`)).status).toBe(200); // needs no database
  phase = 'starting';
  await pg.start();
  const returned = performance.now();
  phase = 'returning';
  // Served again by every process: each worker has a circuit of its own, and the clients'
  // kept-alive connections are spread over the workers, so `workers * 2` answers in a row on new
  // connections (the cluster hands connections out round-robin) must be 200.
  for (let inARow = 0; inARow < workers * 2; ) {
    expect(performance.now() - returned, 'served again').toBeLessThan(RETURN_BOUND_MS);
    const status = await statusOnNewConnection(`${url}/trpc/polls.questions.list`, viewer);
    inARow = status === 200 ? inARow + 1 : 0;
    if (status !== 200) await sleep(10);
  }
  const servedAgainMs = performance.now() - returned;
  phase = 'back';
  await settle('back', 1_500, 20);
  stop = true;
  await Promise.all(clients);

  const whileDown = answers.filter((a) => a.started === 'down' || a.started === 'starting');
  const slowest = Math.max(...whileDown.map((a) => a.ms));
  console.info(
    `${label}: ${answers.length} answers (up ${count('up')}, down ${whileDown.length}, back ${count('back')}); ` +
      `slowest while down ${Math.round(slowest)} ms; served again ${Math.round(servedAgainMs)} ms ` +
      'after pg_ctl start returned',
  );
  expect(count('up')).toBeGreaterThan(0);
  expect(count('back')).toBeGreaterThan(0);
  for (const a of [
    ...answers.filter((x) => x.started === 'up' && x.ended === 'up'),
    ...answers.filter((x) => x.started === 'back'),
  ]) {
    expect(a.status, `${a.call} while ${a.started}`).toBe(expected.get(a.call));
  }
  // In flight at the stop, asked while pg_ctl start waited (Postgres may be ready before it
  // returns) or during the return: the right answer or 503, never a 500.
  const cutover = answers.filter(
    (x) =>
      (x.started === 'up' && x.ended !== 'up') ||
      x.started === 'stopping' ||
      x.started === 'starting' ||
      x.started === 'returning',
  );
  for (const a of cutover) {
    expect([expected.get(a.call), 503], `${a.call} while ${a.started}`).toContain(a.status);
  }
  // While it is down, however many clients wait: 503 with Retry-After, or a refusal that needs no
  // database (anonymous: 401), never an allow; nine answers in ten within the bound and
  // none near the outage's length (before the fix most waited it out). One answer starved of CPU
  // (CI runs three suites on two cores: 1,011 ms once) may pass the bound without the server having
  // waited for the database.
  expect(whileDown.length).toBeGreaterThan(CLIENTS * 4);
  const sorted = whileDown.map((a) => a.ms).sort((x, y) => x - y);
  expect(sorted[Math.floor(sorted.length * 0.9)]).toBeLessThan(FAIL_FAST_MS);
  for (const a of whileDown) {
    expect(a.ms, `${a.call} while ${a.started}`).toBeLessThan(OUTAGE_MS / 2);
    if (a.started === 'starting') continue; // its answer is checked with the cutover's above
    // Sent while it was down but answered once it was coming back: the server, short of CPU, may
    // have read it only then, and then the database answers. Within the bounds above, the right
    // answer or 503, as at the cutover (1 of 329 on CI once, after 1,641 ms).
    if (a.ended !== 'down') {
      expect([expected.get(a.call), 503], `${a.call} while ${a.started}`).toContain(a.status);
      continue;
    }
    if (a.call === 'anonymous list') {
      expect(a.status).toBe(401);
    } else {
      expect(a.status, `${a.call} while ${a.started}`).toBe(503);
      expect(a.retryAfter).not.toBeNull();
    }
  }
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
}
