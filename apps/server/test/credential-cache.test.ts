import { registry, schema } from '@warden/api';
import { type CredentialCacheSource, cookieNames, type ListenHandlers } from '@warden/auth';
import { createGrants, syncPermissions } from '@warden/authz';
import { createDb, type DbHandle } from '@warden/db';
import { describeEachBackend } from '@warden/db/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { type App, createApp, credentialCacheOf } from '../src/app.js';
import { startTcpProxy } from './tcp-proxy.js';

const listBody = z.object({
  result: z.object({ data: z.object({ items: z.array(z.unknown()) }) }),
});
const LIST = `http://127.0.0.1/trpc/shop.products.list?input=${encodeURIComponent('{}')}`;

/** How many products the session's user sees through `app`: 3 with the grant, 0 without. */
async function visible(app: App, cookie: string): Promise<number> {
  const res = await app.fetch(new Request(LIST, { headers: { cookie } }));
  const body = listBody.safeParse(await res.json());
  return body.success ? body.data.result.data.items.length : -1;
}

/**
 * Polls B from the moment A's change has committed: the first refusal comes within the
 * notification's trip (logged, not asserted: no timed tests), and nothing is allowed after it.
 */
async function refusedAfterChange(b: () => Promise<boolean>, what: string): Promise<void> {
  const started = performance.now();
  let allowed = true;
  while (allowed && performance.now() - started < 10_000) allowed = await b();
  expect(allowed, `${what} was still allowed after 10 s`).toBe(false);
  console.log(`${what}: first refusal on B after ${(performance.now() - started).toFixed(1)} ms`);
  for (let i = 0; i < 50; i++) expect(await b(), `${what}: allowed again`).toBe(false);
}

/**
 * The database's own source, with a hand on its LISTEN: `lose()` reports the connection lost and
 * `regain()` back, as a dropped connection would (PGlite's LISTEN is in-process and never lost).
 */
function withHandOnListen(source: CredentialCacheSource) {
  let handlers: ListenHandlers | undefined;
  return {
    source: {
      listen: (channel: string, given: ListenHandlers) => {
        handlers = given;
        return source.listen(channel, given);
      },
    },
    lose: () => handlers?.onState(false),
    regain: () => handlers?.onState(true),
  };
}

// Two server instances with their own credential caches on one database: Postgres, two
// processes' worth of connections (pools and LISTEN); PGlite, two apps on the one database.
describeEachBackend('credential cache across two server instances', (t) => {
  let second: DbHandle | undefined;
  let a: App;
  let b: App;
  let bListen: ReturnType<typeof withHandOnListen>;
  let userId: number;
  const grants = () => createGrants({ db: t.db, registry });
  const cookieOf = (token: string) => `${cookieNames({ secure: false }).session}=${token}`;

  beforeAll(async () => {
    await syncPermissions(t.db, registry);
    userId = (await grants().createUser({ username: 'reader' })).id;
    await grants().createGroup('Readers');
    await grants().grant({ group: { name: 'Readers' } }, 'shop.view_product');
    await grants().addToGroup(userId, { name: 'Readers' });
    await t.db
      .insert(schema.product)
      .values([1, 2, 3].map((n) => ({ name: `p${n}`, priceCents: n })));
    second =
      t.url === undefined
        ? undefined
        : await createDb({ schema, connection: { url: t.url, poolMax: 2 } });
    a = createApp({ db: t.handle, credentialCache: credentialCacheOf(t.handle) });
    bListen = withHandOnListen(credentialCacheOf(second ?? t.handle));
    b = createApp({ db: second ?? t.handle, credentialCache: bListen.source });
    await vi.waitFor(() => expect(b.auth.cache?.enabled).toBe(true), { timeout: 10_000 });
  });
  afterAll(async () => {
    await a?.auth.close();
    await b?.auth.close();
    await second?.close();
  });

  it('a warm request on B reads no credential from the database', async () => {
    const { token } = await a.auth.sessions.create(userId, 'operator');
    expect(await visible(b, cookieOf(token))).toBe(3);
    expect(b.auth.cache?.size).toBeGreaterThan(0);
    expect(await visible(b, cookieOf(token))).toBe(3);
  });

  it('a revoke on A: B refuses within a notification, and from then on', async () => {
    const cookie = cookieOf((await a.auth.sessions.create(userId, 'operator')).token);
    expect(await visible(b, cookie)).toBe(3);
    await grants().revoke({ group: { name: 'Readers' } }, 'shop.view_product');
    await refusedAfterChange(async () => (await visible(b, cookie)) === 3, 'revoke');
    await grants().grant({ group: { name: 'Readers' } }, 'shop.view_product');
  });

  it('a logout on A: B refuses the session', async () => {
    const { token, session } = await a.auth.sessions.create(userId, 'operator');
    expect(await visible(b, cookieOf(token))).toBe(3);
    await a.auth.sessions.delete(session.id);
    await refusedAfterChange(async () => (await visible(b, cookieOf(token))) === 3, 'logout');
  });

  it('a deactivation on A: B refuses the user', async () => {
    const cookie = cookieOf((await a.auth.sessions.create(userId, 'operator')).token);
    expect(await visible(b, cookie)).toBe(3);
    await grants().updateUser(userId, { isActive: false });
    await refusedAfterChange(async () => (await visible(b, cookie)) === 3, 'deactivation');
    await grants().updateUser(userId, { isActive: true });
  });

  it('a lost LISTEN connection: the cache is dropped and bypassed until it is back', async () => {
    const cookie = cookieOf((await a.auth.sessions.create(userId, 'operator')).token);
    expect(await visible(b, cookie)).toBe(3);
    const cache = b.auth.cache;
    if (t.url !== undefined) {
      await t.db.execute(
        sql`select pg_terminate_backend(pid) from pg_stat_activity
            where application_name = 'warden-listen' and datname = current_database()`,
      );
      await vi.waitFor(() => expect(cache?.enabled).toBe(false), { timeout: 10_000 });
    } else {
      bListen.lose(); // PGlite's LISTEN is in-process: simulate the loss
      expect(cache?.enabled).toBe(false);
    }
    expect(cache?.size).toBe(0);
    // A change nobody hears (triggers off): only a bypassing or fresh cache sees it.
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`delete from auth_group_permissions`);
    });
    expect(await visible(b, cookie)).toBe(0);
    if (t.url === undefined) bListen.regain();
    await vi.waitFor(() => expect(cache?.enabled).toBe(true), { timeout: 10_000 });
    await grants().grant({ group: { name: 'Readers' } }, 'shop.view_product');
    await vi.waitFor(async () => expect(await visible(b, cookie)).toBe(3));
  });

  // A LISTEN that stays in place but hears nothing: a network that drops packets without a reset,
  // or a pooler in transaction mode handing the listening session to someone else. The
  // connection never closes, so only the heartbeat's syncs that do not come back can tell.
  it.skipIf(t.backend !== 'postgres')(
    'a listener that goes deaf: the heartbeat turns the cache off, and a revoke is refused',
    async () => {
      if (t.url === undefined) return;
      const target = new URL(t.url);
      const proxy = await startTcpProxy({
        host: target.hostname,
        port: Number(target.port || 5432),
      });
      const listenUrl = new URL(t.url);
      listenUrl.hostname = '127.0.0.1';
      listenUrl.port = String(proxy.port);
      // Only the listener goes through the proxy (DATABASE_LISTEN_URL): the pool stays direct.
      const deafened = await createDb({
        schema,
        connection: { url: t.url, poolMax: 2, listenUrl: listenUrl.toString() },
      });
      const c = createApp({ db: deafened, credentialCache: credentialCacheOf(deafened) });
      try {
        const cache = c.auth.cache;
        await vi.waitFor(() => expect(cache?.enabled).toBe(true), { timeout: 10_000 });
        const cookie = cookieOf((await a.auth.sessions.create(userId, 'operator')).token);
        expect(await visible(c, cookie)).toBe(3);
        expect(cache?.size).toBeGreaterThan(0);
        proxy.silence();
        await grants().revoke({ group: { name: 'Readers' } }, 'shop.view_product');
        await refusedAfterChange(async () => (await visible(c, cookie)) === 3, 'deaf revoke');
        expect(cache?.enabled).toBe(false);
        await grants().grant({ group: { name: 'Readers' } }, 'shop.view_product');
        // The network is back: the listener reconnects, a sync proves it, the cache is on again.
        await proxy.restore();
        await vi.waitFor(() => expect(cache?.enabled).toBe(true), { timeout: 15_000 });
        expect(await visible(c, cookie)).toBe(3);
      } finally {
        await c.auth.close();
        await deafened.close();
        await proxy.close();
      }
    },
  );
});
