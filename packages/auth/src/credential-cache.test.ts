import { describe, expect, it, vi } from 'vitest';
import {
  type CachedCredential,
  type CredentialCache,
  createCredentialCache,
} from './credential-cache.js';

const entry = (userId: number): CachedCredential => ({
  secretDigest: '0'.repeat(64),
  userId,
  user: {
    id: userId,
    username: `u${userId}`,
    email: '',
    isActive: true,
    isStaff: false,
    isSuperuser: false,
    dateJoined: new Date(0),
    lastLogin: null,
  },
  permissions: [],
  scoped: [],
  touchedAt: new Date(0),
  createdAt: new Date(0),
});

/** An echo of NOTIFY: what `send` sends is heard at once, as a healthy listener hears it. */
const echo = (cache: CredentialCache) => async (payload: string) => cache.notified(payload);

/** LISTEN in place and proven by a sync: the cache is on. */
async function on(cache: CredentialCache): Promise<CredentialCache> {
  cache.listening(true);
  expect(await cache.sync(echo(cache))).toBe(true);
  return cache;
}

describe('credential cache', () => {
  it('holds nothing until notifications are heard (fail closed)', async () => {
    const cache = createCredentialCache();
    cache.set('s:a', entry(1), cache.stamp());
    expect(cache.get('s:a')).toBeUndefined();
    cache.listening(true); // LISTEN in place, but nothing heard through it yet
    cache.set('s:a', entry(1), cache.stamp());
    expect([cache.get('s:a'), cache.enabled]).toEqual([undefined, false]);
    expect(await cache.sync(echo(cache))).toBe(true);
    cache.set('s:a', entry(1), cache.stamp());
    expect(cache.get('s:a')?.userId).toBe(1);
  });

  it('drops everything and stores nothing while the listener is down', async () => {
    const cache = await on(createCredentialCache());
    cache.set('s:a', entry(1), cache.stamp());
    cache.listening(false);
    expect(cache.get('s:a')).toBeUndefined();
    cache.set('s:a', entry(1), cache.stamp());
    expect(cache.size).toBe(0);
    cache.listening(true);
    expect(cache.get('s:a')).toBeUndefined();
  });

  it("drops a user's entries on u:<id>, everything on *", async () => {
    const cache = await on(createCredentialCache());
    cache.set('s:a', entry(1), cache.stamp());
    cache.set('t:b', entry(1), cache.stamp());
    cache.set('s:c', entry(2), cache.stamp());
    cache.notified('u:1');
    expect([cache.get('s:a'), cache.get('t:b')]).toEqual([undefined, undefined]);
    expect(cache.get('s:c')?.userId).toBe(2);
    cache.notified('*');
    expect(cache.size).toBe(0);
  });

  it('does not store a read that an invalidation overtook', async () => {
    const cache = await on(createCredentialCache());
    const stamp = cache.stamp(); // the read starts
    cache.notified('u:9'); // a change commits and is heard while it runs
    cache.set('s:a', entry(1), stamp);
    expect(cache.get('s:a')).toBeUndefined();
  });

  it('is bounded: the oldest entry makes room', async () => {
    const cache = await on(createCredentialCache(2));
    for (const key of ['a', 'b', 'c']) cache.set(key, entry(1), cache.stamp());
    expect([cache.get('a'), cache.size]).toEqual([undefined, 2]);
  });
});

describe('credential cache sync', () => {
  it('resolves when its own notification comes back, keeping the entries', async () => {
    const cache = await on(createCredentialCache());
    cache.set('s:a', entry(1), cache.stamp());
    await cache.sync(async (payload) => {
      cache.notified('sync:someone-else');
      setTimeout(() => cache.notified(payload), 1);
    });
    expect(cache.get('s:a')?.userId).toBe(1);
  });

  it('drops everything, and stays off, when the notification does not come back', async () => {
    const cache = await on(createCredentialCache());
    cache.set('s:a', entry(1), cache.stamp());
    expect(await cache.sync(async () => {}, 20)).toBe(false);
    expect([cache.size, cache.enabled]).toEqual([0, false]);
    cache.set('s:a', entry(1), cache.stamp());
    expect(cache.size).toBe(0);
    expect(await cache.sync(echo(cache))).toBe(true); // heard again: on again
    cache.set('s:a', entry(1), cache.stamp());
    expect(cache.size).toBe(1);
  });

  it('gives up at the timeout when the send itself never completes (a silent connection)', async () => {
    const cache = await on(createCredentialCache());
    cache.set('s:a', entry(1), cache.stamp());
    const never = new Promise<never>(() => {});
    expect(await cache.sync(() => never, 20)).toBe(false);
    expect([cache.size, cache.enabled]).toEqual([0, false]);
  });

  it('is off after a failed send (the database is unreachable)', async () => {
    const cache = await on(createCredentialCache());
    expect(
      await cache.sync(async () => {
        throw new Error('connection refused');
      }),
    ).toBe(false);
    expect(cache.enabled).toBe(false);
  });

  it("is not answered by another process's sync, whatever their pids", async () => {
    // Two caches in one process: the same pid, the same count of syncs so far.
    const a = await on(createCredentialCache());
    const b = await on(createCredentialCache());
    // Each one's NOTIFY reaches only the other: neither hears its own.
    const [aHeard, bHeard] = await Promise.all([
      a.sync(async (payload) => b.notified(payload), 50),
      b.sync(async (payload) => a.notified(payload), 50),
    ]);
    expect([aHeard, bHeard]).toEqual([false, false]);
  });

  it('proves nothing with a sync begun on an earlier LISTEN', async () => {
    const cache = createCredentialCache();
    cache.listening(true);
    let late: (() => void) | undefined;
    const pending = cache.sync(async (payload) => {
      late = () => cache.notified(payload);
    });
    cache.listening(false);
    cache.listening(true); // a new connection: the old sync's answer is not about it
    late?.();
    await pending;
    expect(cache.enabled).toBe(false);
  });
});

describe('credential cache heartbeat', () => {
  it('proves each new LISTEN at once, and turns the cache off when the listener goes deaf', async () => {
    const cache = createCredentialCache();
    let deaf = false;
    const stop = cache.heartbeat(
      async (payload) => {
        if (!deaf) cache.notified(payload);
      },
      { intervalMs: 10, timeoutMs: 10 },
    );
    try {
      cache.listening(true);
      await vi.waitFor(() => expect(cache.enabled).toBe(true));
      cache.set('s:a', entry(1), cache.stamp());
      deaf = true; // LISTEN still "up", but nothing arrives any more
      await vi.waitFor(() => expect(cache.enabled).toBe(false));
      expect(cache.size).toBe(0);
      deaf = false;
      await vi.waitFor(() => expect(cache.enabled).toBe(true));
    } finally {
      stop();
    }
  });
});
