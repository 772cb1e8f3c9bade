import { migrations, seedDemo } from '@warden/api';
import { createDb, type DbHandle } from '@warden/db';
import { describeEachBackend } from '@warden/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { codeOf, startServer, Visitor } from './live-server.js';
import { startTcpProxy } from './tcp-proxy.js';

// Issue 11: Postgres goes away under load. Requests must fail closed (503, never an allow, never a
// hang) while it is away, and the server must serve again by itself once it is back. The shared
// Postgres cannot be stopped (other suites use it), so the server's pool reaches it through a TCP
// proxy that is cut (connections destroyed, new ones refused) and restored.
// Bounds are generous on purpose: the machine is shared and busy; only "bounded" is asserted.
const HANG_BOUND_MS = 20_000;
const RECOVERY_BOUND_MS = 60_000;

interface Outcome {
  /**
   * `returning`: Postgres is reachable again, the server has not yet served a first request.
   * `cutover`: started in one phase, answered in another (in flight at the cut or the return).
   */
  phase: 'up' | 'down' | 'returning' | 'back' | 'cutover';
  who: string;
  call: string;
  code: string;
  ms: number;
}

describeEachBackend('database outage under load', (t) => {
  const postgresOnly = it.skipIf(t.backend !== 'postgres');
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let handle: DbHandle;
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    if (t.backend !== 'postgres' || t.url === undefined) return;
    await seedDemo(t.db);
    const target = new URL(t.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(t.url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    handle = await createDb({
      schema: {},
      migrations,
      connection: { url: proxied.toString(), poolMax: 4 },
    });
    server = await startServer(handle);
  });
  afterAll(async () => {
    await server?.close();
    await handle?.close();
    await proxy?.close();
  });

  postgresOnly(
    'answers 503 while Postgres is unreachable, never an allow, and recovers without a restart',
    async () => {
      const viewer = await new Visitor(server.url).login('viewer', 'viewer-demo-pw');
      const editor = await new Visitor(server.url).login('editor', 'editor-demo-pw');
      const anonymous = new Visitor(server.url);
      // What the grants say: viewer views and may not create; editor views; anonymous is nobody.
      const calls = [
        { who: 'viewer', call: 'list', run: () => viewer.trpc.polls.questions.list.query() },
        {
          who: 'viewer',
          call: 'create',
          run: () => viewer.trpc.polls.questions.create.mutate({ questionText: 'no' }),
        },
        { who: 'editor', call: 'list', run: () => editor.trpc.shop.products.list.query() },
        { who: 'anonymous', call: 'list', run: () => anonymous.trpc.polls.questions.list.query() },
      ] as const;
      const expected: Record<string, string> = {
        'viewer list': 'OK',
        'viewer create': 'FORBIDDEN',
        'editor list': 'OK',
        'anonymous list': 'UNAUTHORIZED',
      };

      let phase: 'up' | 'down' | 'returning' | 'back' = 'up';
      const outcomes: Outcome[] = [];
      let stop = false;
      const worker = async (offset: number) => {
        for (let i = offset; !stop; i++) {
          const c = calls[i % calls.length];
          if (c === undefined) continue;
          const started = performance.now();
          const at = phase;
          const code = await codeOf(c.run()).catch((e: unknown) => `THROWN ${String(e)}`);
          const ms = performance.now() - started;
          outcomes.push({
            phase: at === phase ? at : 'cutover',
            who: c.who,
            call: c.call,
            code,
            ms,
          });
        }
      };
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      // Each phase lasts a few seconds and until it has answers of its own: on a busy machine a
      // call may take longer than the phase would.
      const settle = async (p: Outcome['phase'], ms: number, answers: number) => {
        const until = performance.now() + 120_000;
        await sleep(ms);
        while (outcomes.filter((o) => o.phase === p).length < answers && performance.now() < until)
          await sleep(100);
      };
      const workers = Array.from({ length: 8 }, (_, i) => worker(i));

      await settle('up', 2_000, 20);
      await proxy.cut();
      phase = 'down';
      await settle('down', 4_000, 10);
      // A plain HTTP look at one refusal: status, body, Retry-After, and /healthz.
      const raw = await viewer.fetch(`${server.url}/trpc/polls.questions.list`);
      expect(raw.status).toBe(503);
      expect(raw.headers.get('retry-after')).not.toBeNull();
      expect(await raw.json()).toMatchObject({
        error: {
          message: 'the database is unavailable; try again shortly',
          data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503 },
        },
      });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(503);
      const login = await new Visitor(server.url).fetch(`${server.url}/auth/csrf`);
      expect(login.status).toBe(200); // no database needed: still served

      phase = 'returning';
      await proxy.restore();
      const restoredAt = performance.now();
      // Serves again by itself: the same pool reconnects on its next query.
      while ((await codeOf(viewer.trpc.polls.questions.list.query())) !== 'OK') {
        expect(performance.now() - restoredAt).toBeLessThan(RECOVERY_BOUND_MS);
        await sleep(250);
      }
      const servedAgainMs = performance.now() - restoredAt;
      phase = 'back';
      await settle('back', 2_000, 20);
      stop = true;
      await Promise.all(workers);

      const byPhase = (p: Outcome['phase']) => outcomes.filter((o) => o.phase === p);
      const slowest = Math.round(Math.max(...byPhase('down').map((o) => o.ms)));
      console.info(
        `outage: ${outcomes.length} calls (up ${byPhase('up').length}, down ${byPhase('down').length}, ` +
          `back ${byPhase('back').length}); slowest answer while down ${slowest} ms; ` +
          `served again ${Math.round(servedAgainMs)} ms after the return`,
      );
      expect(byPhase('up').length).toBeGreaterThan(0);
      expect(byPhase('down').length).toBeGreaterThan(0);
      expect(byPhase('back').length).toBeGreaterThan(0);
      for (const o of outcomes) {
        expect(o.ms, `${o.who} ${o.call} in phase ${o.phase}`).toBeLessThan(HANG_BOUND_MS);
        expect(o.code).not.toBe('INTERNAL_SERVER_ERROR');
        expect(o.code).not.toMatch(/^THROWN/);
      }
      for (const o of [...byPhase('up'), ...byPhase('back')]) {
        expect(o.code, `${o.who} ${o.call} in phase ${o.phase}`).toBe(
          expected[`${o.who} ${o.call}`],
        );
      }
      // While down (requests that started after the cut): never an allow. A request that needs no
      // database to be refused (anonymous) is still refused; every other answer is 503.
      for (const o of [...byPhase('cutover'), ...byPhase('returning')]) {
        expect([expected[`${o.who} ${o.call}`], 'SERVICE_UNAVAILABLE']).toContain(o.code);
      }
      for (const o of byPhase('down')) {
        expect(o.code, `${o.who} ${o.call} while down`).not.toBe('OK');
        if (o.who !== 'anonymous') expect(o.code).toBe('SERVICE_UNAVAILABLE');
      }
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    },
    180_000,
  );

  // A partition nobody notices: connections stay open and nothing comes back. postgres.js has no
  // query timeout, so before the request deadline a request waited minutes (still waiting after 90
  // s when measured). The deadline answers instead; once the network is back, the pool serves again.
  postgresOnly(
    'answers within the request deadline when Postgres stops answering, and recovers',
    async () => {
      const deadlined = await startServer(handle, { requestTimeoutMs: 3_000 });
      try {
        const viewer = await new Visitor(deadlined.url).login('viewer', 'viewer-demo-pw');
        expect(await codeOf(viewer.trpc.polls.questions.list.query())).toBe('OK');
        proxy.silence();
        const timed = async (call: Promise<unknown>) => {
          const started = performance.now();
          const code = await codeOf(call);
          return { code, ms: performance.now() - started };
        };
        const [read, write] = await Promise.all([
          timed(viewer.trpc.polls.questions.list.query()),
          timed(viewer.trpc.polls.questions.create.mutate({ questionText: 'partitioned?' })),
        ]);
        expect(read.code).toBe('SERVICE_UNAVAILABLE');
        expect(write.code).toBe('GATEWAY_TIMEOUT'); // the change may or may not have been made
        expect(read.ms).toBeLessThan(HANG_BOUND_MS);
        expect(write.ms).toBeLessThan(HANG_BOUND_MS);
        const raw = await viewer.fetch(`${deadlined.url}/trpc/polls.questions.list`);
        expect(raw.status).toBe(503);
        expect(await raw.json()).toMatchObject({
          error: { message: 'no answer within 3 s; try again shortly' },
        });
        expect((await fetch(`${deadlined.url}/healthz`)).status).toBe(503);

        await proxy.restore();
        const restoredAt = performance.now();
        while ((await codeOf(viewer.trpc.polls.questions.list.query())) !== 'OK') {
          expect(performance.now() - restoredAt).toBeLessThan(RECOVERY_BOUND_MS);
          await new Promise((r) => setTimeout(r, 250));
        }
        expect(await codeOf(viewer.trpc.polls.questions.create.mutate({ questionText: 'x' }))).toBe(
          'FORBIDDEN',
        );
      } finally {
        await proxy.restore();
        await deadlined.close();
      }
    },
    180_000,
  );
});
