import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { registry, schema, seedDemo } from '@warden/api';
import { hashPassword } from '@warden/auth';
import { createGrants } from '@warden/authz';
import { executeRows } from '@warden/db';
import { type PgBouncer, pgBouncerForTests, startPgBouncer, TestDb } from '@warden/db/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { codeOf, Visitor } from './live-server.js';

// Issue 23, target 2: several machines behind a real pooler. Three server processes, started as
// three machines would start them (separate `node` processes on ports of their own, no
// node:cluster), send their queries through PgBouncer in transaction mode (Debian's 1.18: no
// protocol-level prepared statements) and LISTEN on Postgres itself (DATABASE_LISTEN_URL). Under
// load spread over the three every answer is the right one and no statement fails; a token
// revoked, a logout, a deactivation and an organization membership changed through one node hold
// on the other two. How long that took is printed (the issue's bound is 100 ms), and asserted only
// as bounded, as the other cross-instance tests do: the machine is shared and busy.
const NODES = 3;
const LOAD_MS = 5_000;
const BOUND_MS = 10_000;
const serverDir = fileURLToPath(new URL('..', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const postgres = inject('warden:testBackends').find((b) => b.backend === 'postgres');
const skipped =
  postgres === undefined
    ? 'TEST_BACKENDS leaves Postgres out'
    : !postgres.available
      ? postgres.reason
      : (() => {
          const binary = pgBouncerForTests();
          return binary.found ? undefined : binary.reason;
        })();
const title = 'three server processes behind PgBouncer in transaction mode';

interface Node {
  url: string;
  child: ChildProcess;
  output: () => string;
}

/** One machine: `node src/main.ts` (through tsx, as `pnpm start` runs it) with its own env. */
async function startNode(env: Record<string, string>): Promise<Node> {
  const child = spawn(
    process.execPath,
    ['--conditions=@warden/source', '--import', 'tsx', 'src/main.ts'],
    {
      cwd: serverDir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  const collect = (chunk: Buffer) => {
    text += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const until = performance.now() + 120_000;
  for (;;) {
    const url = /listening on (http:\/\/[\d.]+:\d+)/.exec(text)?.[1];
    if (url !== undefined) return { url, child, output: () => text };
    if (child.exitCode !== null || performance.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`a node did not start:\n${text}`);
    }
    await sleep(100);
  }
}

/** The same browser (its cookies) on another node, as a load balancer sends it. */
function on(visitor: Visitor, url: string): Visitor {
  const moved = new Visitor(url, visitor.bearer);
  for (const [name, value] of visitor.cookies) moved.cookies.set(name, value);
  return moved;
}

/**
 * From the moment the change has answered: polls each other node until it shows the change
 * (`shown` true), then asks 20 more times that it still does. Returns each node's time to the
 * first answer that showed it.
 */
async function reflected(
  what: string,
  others: readonly string[],
  shown: (url: string) => Promise<boolean>,
): Promise<number[]> {
  const started = performance.now();
  const times = await Promise.all(
    others.map(async (url) => {
      while (!(await shown(url))) {
        expect(performance.now() - started, `${what}: not shown on ${url}`).toBeLessThan(BOUND_MS);
      }
      const ms = performance.now() - started;
      for (let i = 0; i < 20; i++) expect(await shown(url), `${what}: undone on ${url}`).toBe(true);
      return ms;
    }),
  );
  console.log(
    `${what}: shown on the other nodes after ${times.map((t) => `${t.toFixed(1)} ms`).join(', ')}`,
  );
  return times;
}

describe.skipIf(skipped !== undefined)(
  skipped === undefined ? title : `${title} [${skipped}]`,
  { timeout: 180_000 },
  () => {
    const t = new TestDb('postgres');
    let pgbouncer: PgBouncer;
    const nodes: Node[] = [];
    const urls = () => nodes.map((n) => n.url);
    const password = 'pooler-pw-1';
    const ids: Record<string, number> = {};
    const times: Record<string, number[]> = {};

    beforeAll(async () => {
      if (postgres === undefined || !postgres.available || postgres.backend !== 'postgres') return;
      const binary = pgBouncerForTests();
      if (!binary.found) return;
      await t.open(postgres);
      const direct = t.url ?? '';
      await seedDemo(t.db);
      const grants = createGrants({ db: t.db, registry });
      const passwordHash = await hashPassword(password);
      for (const username of ['ann', 'bob', 'dot', 'probe'])
        ids[username] = (await grants.createUser({ username, passwordHash })).id;
      pgbouncer = await startPgBouncer(binary.path, direct, { poolSize: 6 });
      // As three machines: each its own process, pool and listener; queries through PgBouncer,
      // LISTEN on Postgres. DATABASE_PREPARE is left to its default (auto).
      for (let i = 0; i < NODES; i++) {
        nodes.push(
          await startNode({
            PORT: '0',
            DATABASE_URL: pgbouncer.pooled(direct),
            DATABASE_LISTEN_URL: direct,
            DATABASE_POOL_MAX: '4',
            SEED_DEMO: '0',
          }),
        );
      }
      await cachesServe();
    }, 240_000);

    afterAll(async () => {
      for (const node of nodes) {
        const exited = once(node.child, 'exit');
        node.child.kill('SIGTERM');
        const timer = setTimeout(() => node.child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      await pgbouncer?.stop();
      await t.close();
    }, 60_000);

    /**
     * Until every node's credential cache serves (it starts off, until its first heartbeat comes
     * back): a session used on each node, then deleted with the triggers off (no NOTIFY), is still
     * accepted by all three only if all three answer from memory. Otherwise a change would be
     * refused at once by a node reading the database, and the times below would say nothing.
     */
    async function cachesServe() {
      const until = performance.now() + 60_000;
      for (;;) {
        const probe = await new Visitor(urls()[0] ?? '').login('probe', password);
        const me = async (url: string) => (await on(probe, url).trpc.auth.me.query()).authenticated;
        for (const url of urls()) expect(await me(url)).toBe(true);
        await t.db.transaction(async (tx) => {
          await tx.execute(sql`set local session_replication_role = replica`);
          await tx.execute(sql`delete from auth_session where user_id = ${ids.probe ?? -1}`);
        });
        if ((await Promise.all(urls().map(me))).every(Boolean)) return;
        expect(performance.now(), 'the nodes’ caches never served').toBeLessThan(until);
        await sleep(500);
      }
    }

    it('each node: statements unprepared through the pooler (detected), LISTEN on Postgres', async () => {
      for (const node of nodes) {
        expect(node.output()).toMatch(/prepared statements: off \(.* answers through a pooler/);
        expect(node.output()).not.toContain('!!!');
      }
      const [row] = await executeRows<{ n: number }>(
        t.db,
        sql`select count(*)::int as n from pg_stat_activity
          where application_name = 'warden-listen' and datname = current_database()`,
      );
      expect(row?.n).toBe(NODES);
    });

    it('under load spread over the three, every answer is right and no statement fails', async () => {
      // Halfway, a token revoked through one node, to be refused by the other two under the load.
      const summary = await load(LOAD_MS, async () => {
        const [a = '', ...others] = urls();
        const dot = await new Visitor(a).login('dot', password);
        const { token, info } = await dot.trpc.auth.tokens.create.mutate({ name: 'under load' });
        for (const url of others)
          expect(await codeOf(new Visitor(url, token).trpc.auth.me.query())).toBe('OK');
        await dot.trpc.auth.tokens.revoke.mutate({ id: info.id });
        times.revokeUnderLoad = await reflected('token revoke under load', others, async (url) => {
          return (await codeOf(new Visitor(url, token).trpc.auth.me.query())) === 'UNAUTHORIZED';
        });
      });
      console.log(
        `load over ${NODES} nodes for ${LOAD_MS / 1000} s: ${Object.entries(summary.counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      );
      expect(summary.wrong).toEqual([]);
      for (const kind of ['list', 'me', 'token', 'denied', 'create', 'login'])
        expect(summary.counts[kind], kind).toBeGreaterThan(0);
    });

    /** Clients in a loop, each request to the next node; every answer checked. */
    async function load(ms: number, meanwhile: () => Promise<void>) {
      const [first = ''] = urls();
      const viewer = await new Visitor(first).login('viewer', 'viewer-demo-pw');
      const editor = await new Visitor(first).login('editor', 'editor-demo-pw');
      const voter = await new Visitor(first).login('voter', 'voter-demo-pw');
      const { token } = await voter.trpc.auth.tokens.create.mutate({ name: 'load' });
      const products = (await viewer.trpc.shop.products.list.query()).items.map((p) => p.name);
      expect(products.length).toBeGreaterThan(0);
      const prefix = `pooler load ${Date.now()}`;
      const counts: Record<string, number> = {};
      const wrong: string[] = [];
      let created = 0;
      let stop = false;
      const check = (kind: string, ok: boolean, got: unknown) => {
        counts[kind] = (counts[kind] ?? 0) + 1;
        if (!ok && wrong.length < 20) wrong.push(`${kind}: ${JSON.stringify(got)}`);
      };
      const calls: Record<string, (url: string) => Promise<void>> = {
        list: async (url) => {
          const names = (await on(viewer, url).trpc.shop.products.list.query()).items.map(
            (p) => p.name,
          );
          check('list', JSON.stringify(names) === JSON.stringify(products), names);
        },
        me: async (url) => {
          for (const [who, visitor] of [
            ['viewer', viewer],
            ['editor', editor],
          ] as const) {
            const me = await on(visitor, url).trpc.auth.me.query();
            check('me', me.user?.username === who, me.user?.username);
          }
        },
        token: async (url) => {
          const me = await new Visitor(url, token).trpc.auth.me.query();
          check('token', me.user?.username === 'voter', me.user?.username);
        },
        denied: async (url) => {
          const code = await codeOf(
            on(viewer, url).trpc.polls.questions.create.mutate({ questionText: 'not allowed' }),
          );
          check('denied', code === 'FORBIDDEN', code);
        },
        create: async (url) => {
          const code = await codeOf(
            on(editor, url).trpc.polls.questions.create.mutate({
              questionText: `${prefix} ${created + 1}`,
            }),
          );
          if (code === 'OK') created += 1;
          check('create', code === 'OK', code);
        },
        login: async (url) => {
          const owner = await new Visitor(url).login('owner', 'owner-demo-pw');
          const next = urls()[(urls().indexOf(url) + 1) % NODES] ?? url;
          const me = await on(owner, next).trpc.auth.me.query();
          check('login', me.user?.username === 'owner', me.user?.username);
          await on(owner, next).fetch(`${next}/auth/logout`, { method: 'POST' });
        },
      };
      const client = async (kinds: string[], offset: number) => {
        for (let i = offset; !stop; i++) {
          const kind = kinds[i % kinds.length] ?? 'list';
          const url = urls()[i % NODES] ?? first;
          try {
            await calls[kind]?.(url);
          } catch (error) {
            check(kind, false, String(error));
          }
        }
      };
      const running = [
        client(['list'], 0),
        client(['list', 'me'], 1),
        client(['token', 'denied'], 2),
        client(['create'], 0),
        client(['login'], 1),
      ];
      await sleep(ms / 2);
      await meanwhile();
      await sleep(ms / 2);
      stop = true;
      await Promise.all(running);
      const [row] = await executeRows<{ n: number }>(
        t.db,
        sql`select count(*)::int as n from ${schema.question} where question_text like ${`${prefix} %`}`,
      );
      expect(row?.n, 'questions created under load').toBe(created);
      return { counts, wrong };
    }

    it('a token revoked on one node is refused by the other two', async () => {
      const [a = '', ...others] = urls();
      const dot = await new Visitor(a).login('dot', password);
      const { token, info } = await dot.trpc.auth.tokens.create.mutate({ name: 'script' });
      for (const url of others)
        expect(await codeOf(new Visitor(url, token).trpc.auth.me.query())).toBe('OK');
      await dot.trpc.auth.tokens.revoke.mutate({ id: info.id });
      times.revoke = await reflected('token revoke', others, async (url) => {
        return (await codeOf(new Visitor(url, token).trpc.auth.me.query())) === 'UNAUTHORIZED';
      });
    });

    it('a logout on one node ends the session on the other two', async () => {
      const [a = '', b = '', c = ''] = urls();
      const ann = await new Visitor(b).login('ann', password);
      // The cookies as they were: what another tab, or a thief, still sends after the logout.
      const kept = [...ann.cookies];
      const withKept = (url: string) => {
        const visitor = new Visitor(url);
        for (const [name, value] of kept) visitor.cookies.set(name, value);
        return visitor;
      };
      for (const url of [a, c])
        expect((await withKept(url).trpc.auth.me.query()).authenticated).toBe(true);
      expect((await ann.fetch(`${b}/auth/logout`, { method: 'POST' })).status).toBe(200);
      times.logout = await reflected(
        'logout',
        [a, c],
        async (url) => !(await withKept(url).trpc.auth.me.query()).authenticated,
      );
    });

    it('a deactivation on one node ends sessions and tokens on the other two', async () => {
      const [a = '', b = '', c = ''] = urls();
      const admin = await new Visitor(c).login('admin', 'admin-demo-pw');
      const bob = await new Visitor(a).login('bob', password);
      const { token } = await bob.trpc.auth.tokens.create.mutate({ name: 'script' });
      for (const url of [a, b]) {
        expect((await on(bob, url).trpc.auth.me.query()).authenticated).toBe(true);
        expect(await codeOf(new Visitor(url, token).trpc.auth.me.query())).toBe('OK');
      }
      await admin.trpc.admin.users.update.mutate({ id: ids.bob ?? -1, isActive: false });
      times.deactivation = await reflected('deactivation', [a, b], async (url) => {
        const [session, script] = await Promise.all([
          on(bob, url).trpc.auth.me.query(),
          codeOf(new Visitor(url, token).trpc.auth.me.query()),
        ]);
        return !session.authenticated && script === 'UNAUTHORIZED';
      });
    });

    it('an organization membership changed on one node decides on the other two', async () => {
      const [a = '', b = '', c = ''] = urls();
      const orgs = await t.db.select().from(schema.organization);
      const acme = orgs.find((o) => o.name === 'Acme')?.id;
      const acmeAdmin = (await new Visitor(a).login('acme-admin', 'acme-admin-demo-pw')).within(
        `orgs.organization:${acme}`,
      );
      const viewers = (await acmeAdmin.organization.roles.query()).find(
        (r) => r.name === 'Shop viewers',
      );
      if (viewers === undefined) throw new Error('no Shop viewers role in the demo data');
      const member = await new Visitor(a).login('globex-viewer', 'globex-viewer-demo-pw');
      const names = async (url: string) =>
        (await on(member, url).trpc.shop.products.list.query()).items.map((p) => p.name);
      const before = await names(b);
      expect(await names(c)).toEqual(before);
      expect(before).not.toContain('Teapot'); // Acme's

      await acmeAdmin.organization.members.add.mutate({
        username: 'globex-viewer',
        roles: [viewers.id],
      });
      times.membershipAdded = await reflected('membership added', [b, c], async (url) =>
        (await names(url)).includes('Teapot'),
      );
      const userId = (await acmeAdmin.organization.members.list.query()).find(
        (m) => m.username === 'globex-viewer',
      )?.id;
      await acmeAdmin.organization.members.remove.mutate({ userId: userId ?? -1 });
      times.membershipRemoved = await reflected(
        'membership removed',
        [b, c],
        async (url) => JSON.stringify(await names(url)) === JSON.stringify(before),
      );
    });

    it('meanwhile no statement failed on any node, nor in PgBouncer', () => {
      for (const node of nodes) {
        expect(node.output()).not.toMatch(/failed|prepared statement "|unavailable|\berror\b/i);
      }
      expect(pgbouncer.log()).not.toMatch(/ERROR|WARNING/);
      const all = Object.values(times).flat();
      console.log(
        `cross-node, ${all.length} measurements: max ${Math.max(...all).toFixed(1)} ms, ` +
          `median ${all.sort((x, y) => x - y)[Math.floor(all.length / 2)]?.toFixed(1)} ms`,
      );
    });
  },
);
