import { describeEachBackend, withDatabase } from '@warden/db/testing';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { beforeAll, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { makeApp } from '../test/app.js';
import { Browser } from '../test/browser.js';
import { cacheSourceOf, delayed, neverListening } from '../test/cache-source.js';
import { seedUsers } from '../test/fixture.js';
import { createAuth } from './create-auth.js';
import { credentialCache } from './postgres-js.js';

const whoamiBody = z.object({ via: z.string() });

// `createAuth({ cache })` with the driver entry points, on both backends: the cache is on only
// while it provably hears, and an unsafe request's response means its change is heard here.
describeEachBackend('createAuth with a credential cache', (t) => {
  let ann: number;

  beforeAll(async () => {
    const { grants } = await seedUsers(t.db);
    ann = (await grants.createUser({ username: 'ann' })).id;
  });

  it('is off until its LISTEN is up and a heartbeat came back, and off after close()', async () => {
    const auth = createAuth({ db: t.db, secure: false, cache: cacheSourceOf(t.handle) });
    try {
      expect(auth.cache?.enabled).toBe(false);
      await vi.waitFor(() => expect(auth.cache?.enabled).toBe(true), { timeout: 10_000 });
      const { token } = await auth.sessions.create(ann, 'operator');
      await auth.sessions.validate(token);
      expect(auth.cache?.size).toBe(1);
    } finally {
      await auth.close();
    }
    expect(auth.cache).toMatchObject({ enabled: false, size: 0 });
    await auth.close(); // idempotent
  });

  it('without a LISTEN that comes up, every request reads the database (fail closed)', async () => {
    const counting = t.counting();
    const auth = createAuth({ db: counting.db, secure: false, cache: neverListening });
    try {
      const { token } = await auth.sessions.create(ann, 'operator');
      counting.reset();
      await auth.sessions.validate(token);
      await auth.sessions.validate(token);
      expect(counting.statements()).toBe(2);
      expect(auth.cache).toMatchObject({ enabled: false, size: 0 });
    } finally {
      await auth.close();
    }
  });

  it('without the option there is no cache, and close() has nothing to do', async () => {
    const auth = createAuth({ db: t.db, secure: false });
    expect(auth.cache).toBeUndefined();
    await auth.close();
  });

  // Notifications 300 ms late, as on a slow network: a response sent before its own change was
  // heard would leave the cache serving what the request ended.
  it('a logout or a token revoke is in force here when its response comes', async () => {
    const { app, auth } = makeApp(t.db, { cache: delayed(cacheSourceOf(t.handle), 300) });
    try {
      await vi.waitFor(() => expect(auth.cache?.enabled).toBe(true), { timeout: 10_000 });
      const browser = new Browser(app);
      await browser.request('/auth/csrf');
      const { token } = await auth.sessions.create(ann, 'operator');
      browser.cookies.set('session', token);
      const { token: bearer, info } = await auth.tokens.create(ann, 'operator', { name: 'script' });
      const script = { headers: { authorization: `Bearer ${bearer}` } };
      const whoami = async (init: RequestInit) => {
        const res = await app.request('/whoami', init);
        return res.status === 200 ? whoamiBody.parse(await res.json()).via : res.status;
      };

      expect(await whoami(script)).toBe('token');
      const revoked = await browser.request(`/auth/tokens/${info.id}`, { method: 'DELETE' });
      expect(revoked.status).toBe(204);
      expect(await whoami(script)).toBe(401);

      expect(await whoami({ headers: { cookie: `session=${token}` } })).toBe('session');
      expect((await browser.request('/auth/logout', { method: 'POST' })).status).toBe(200);
      expect(await whoami({ headers: { cookie: `session=${token}` } })).toBe('anonymous');
    } finally {
      await auth.close();
    }
  });

  it.skipIf(t.backend !== 'postgres')(
    'a lost LISTEN connection turns it off, and it is on again once LISTEN is back',
    async () => {
      const auth = createAuth({ db: t.db, secure: false, cache: cacheSourceOf(t.handle) });
      try {
        await vi.waitFor(() => expect(auth.cache?.enabled).toBe(true), { timeout: 10_000 });
        await t.db.execute(
          sql`select pg_terminate_backend(pid) from pg_stat_activity
              where application_name = 'warden-listen' and datname = current_database()`,
        );
        await vi.waitFor(() => expect(auth.cache?.enabled).toBe(false), { timeout: 10_000 });
        await vi.waitFor(() => expect(auth.cache?.enabled).toBe(true), { timeout: 10_000 });
      } finally {
        await auth.close();
      }
    },
  );

  // Notifications belong to a database: one sent in `postgres` reaches only a listener there. So
  // the listener connects where it is told (Postgres itself, past a pooler), not to the pool.
  it.skipIf(t.backend !== 'postgres')('postgres-js listens at the URL it is given', async () => {
    if (t.url === undefined) return;
    const elsewhere = withDatabase(t.url, 'postgres');
    const sender = postgres(elsewhere, { max: 1, onnotice: () => {} });
    const channel = `listen_url_${process.pid}`;
    const heard: string[] = [];
    let up = false;
    const stop = credentialCache(elsewhere).listen(channel, {
      onNotify: (payload) => heard.push(payload),
      onState: (state) => {
        up = state;
      },
    });
    try {
      await vi.waitFor(() => expect(up).toBe(true), { timeout: 10_000 });
      await t.db.execute(sql`select pg_notify(${channel}, 'not here')`);
      await sender`select pg_notify(${channel}, 'hello')`;
      await vi.waitFor(() => expect(heard).toEqual(['hello']), { timeout: 10_000 });
    } finally {
      await stop();
      await sender.end();
    }
    expect(up).toBe(false);
  });
});
