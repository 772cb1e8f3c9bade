import { describe, expect, it } from 'vitest';
import { type CachedCredential, createCredentialCache } from './credential-cache.js';

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
  touchedAt: new Date(0),
  createdAt: new Date(0),
});

describe('credential cache', () => {
  it('holds nothing until notifications are heard (fail closed)', () => {
    const cache = createCredentialCache();
    cache.set('s:a', entry(1), cache.stamp());
    expect(cache.get('s:a')).toBeUndefined();
    cache.listening(true);
    cache.set('s:a', entry(1), cache.stamp());
    expect(cache.get('s:a')?.userId).toBe(1);
  });

  it('drops everything and stores nothing while the listener is down', () => {
    const cache = createCredentialCache();
    cache.listening(true);
    cache.set('s:a', entry(1), cache.stamp());
    cache.listening(false);
    expect(cache.get('s:a')).toBeUndefined();
    cache.set('s:a', entry(1), cache.stamp());
    expect(cache.size).toBe(0);
    cache.listening(true);
    expect(cache.get('s:a')).toBeUndefined();
  });

  it("drops a user's entries on u:<id>, everything on *", () => {
    const cache = createCredentialCache();
    cache.listening(true);
    cache.set('s:a', entry(1), cache.stamp());
    cache.set('t:b', entry(1), cache.stamp());
    cache.set('s:c', entry(2), cache.stamp());
    cache.notified('u:1');
    expect([cache.get('s:a'), cache.get('t:b')]).toEqual([undefined, undefined]);
    expect(cache.get('s:c')?.userId).toBe(2);
    cache.notified('*');
    expect(cache.size).toBe(0);
  });

  it('does not store a read that an invalidation overtook', () => {
    const cache = createCredentialCache();
    cache.listening(true);
    const stamp = cache.stamp(); // the read starts
    cache.notified('u:9'); // a change commits and is heard while it runs
    cache.set('s:a', entry(1), stamp);
    expect(cache.get('s:a')).toBeUndefined();
  });

  it('is bounded: the oldest entry makes room', () => {
    const cache = createCredentialCache(2);
    cache.listening(true);
    for (const key of ['a', 'b', 'c']) cache.set(key, entry(1), cache.stamp());
    expect([cache.get('a'), cache.size]).toEqual([undefined, 2]);
  });
});

describe('credential cache sync', () => {
  it('resolves when its own notification comes back, keeping the entries', async () => {
    const cache = createCredentialCache();
    cache.listening(true);
    cache.set('s:a', entry(1), cache.stamp());
    await cache.sync(async (payload) => {
      cache.notified('sync:someone-else');
      setTimeout(() => cache.notified(payload), 1);
    });
    expect(cache.get('s:a')?.userId).toBe(1);
  });

  it('drops everything when the notification does not come back', async () => {
    const cache = createCredentialCache();
    cache.listening(true);
    cache.set('s:a', entry(1), cache.stamp());
    await cache.sync(async () => {}, 20);
    expect(cache.size).toBe(0);
  });
});
