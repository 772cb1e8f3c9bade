import { describeEachBackend } from '@warden/db/testing';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { cacheSourceOf } from '../test/cache-source.js';
import { seedUsers } from '../test/fixture.js';
import { createApiTokens } from './api-tokens.js';
import { type HeardCache, heardCache } from './cache-invalidation.js';
import { createSessions } from './sessions.js';

// The cache fed by the real triggers and LISTEN (migration auth_cache_notify), on both backends.
describeEachBackend('credential cache with LISTEN/NOTIFY', (t) => {
  let heard: HeardCache;
  let ann: number;
  let grants: Awaited<ReturnType<typeof seedUsers>>['grants'];

  beforeAll(async () => {
    ({ grants } = await seedUsers(t.db));
    ann = (await grants.createUser({ username: 'ann' })).id;
    await grants.grant({ user: ann }, 'auth.view_group');
    // The cache is on only once a sync of its own came back through the listener.
    heard = heardCache(cacheSourceOf(t.handle), t.db);
    await vi.waitFor(() => expect(heard.cache.enabled).toBe(true), { timeout: 10_000 });
  });
  afterAll(() => heard.stop());
  const cache = () => heard.cache;

  it('a warm session runs no statement; a cold one, one', async () => {
    const counting = t.counting();
    const sessions = createSessions({ db: counting.db, cache: cache() });
    const { token } = await sessions.create(ann, 'operator');
    counting.reset();
    expect(await sessions.validate(token)).toMatchObject({ ok: true, user: { id: ann } });
    expect(counting.statements()).toBe(1);
    const warm = await sessions.validate(token);
    expect(counting.statements()).toBe(1);
    expect(warm).toMatchObject({
      ok: true,
      permissions: [{ codename: 'auth.view_group', source: 'user' }],
    });
    expect(await sessions.validate(`${token.split('.')[0]}.${'a'.repeat(24)}`)).toMatchObject({
      ok: false,
      reason: 'unknown',
    });
  });

  it('a revoke, a logout and a deactivation are heard', async () => {
    const sessions = createSessions({ db: t.db, cache: cache() });
    const { token, session } = await sessions.create(ann, 'operator');
    await sessions.validate(token);
    await grants.revoke({ user: ann }, 'auth.view_group');
    await vi.waitFor(async () =>
      expect(await sessions.validate(token)).toMatchObject({ ok: true, permissions: [] }),
    );
    await sessions.delete(session.id);
    await vi.waitFor(async () =>
      expect(await sessions.validate(token)).toMatchObject({ ok: false }),
    );

    const again = await sessions.create(ann, 'operator');
    await sessions.validate(again.token);
    await grants.updateUser(ann, { isActive: false });
    await vi.waitFor(async () =>
      expect(await sessions.validate(again.token)).toMatchObject({ ok: false }),
    );
    await grants.updateUser(ann, { isActive: true });
  });

  it('a revoked API token is heard', async () => {
    const tokens = createApiTokens({ db: t.db, cache: cache() });
    const { token, info } = await tokens.create(ann, 'operator', { name: 'script' });
    expect((await tokens.validate(token)).ok).toBe(true);
    expect(cache().get(`t:${info.id}`)).toBeDefined();
    await tokens.revoke(ann, info.id);
    await vi.waitFor(async () => expect(await tokens.validate(token)).toMatchObject({ ok: false }));
  });

  it('without the listener, every request reads the database (fail closed)', async () => {
    const counting = t.counting();
    const sessions = createSessions({ db: counting.db, cache: cache() });
    const { token } = await sessions.create(ann, 'operator');
    await sessions.validate(token);
    cache().listening(false);
    counting.reset();
    await sessions.validate(token);
    await sessions.validate(token);
    expect(counting.statements()).toBe(2);
    cache().listening(true);
  });
});
