import { registry } from '@warden/api';
import { createGrants } from '@warden/authz';
import { describeEachBackend } from '@warden/db/testing';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from './app.js';

// Issue 13, item 10: one HTTP request carrying 1,000 tRPC calls held the only database connection
// for 1.2 s. A batch over the limit is refused with a clear 400 before any call runs.
describeEachBackend('tRPC batch limit', (t) => {
  let userId = 0;
  beforeAll(async () => {
    ({ id: userId } = await createGrants({ db: t.db, registry }).createUser({ username: 'ann' }));
  });

  const batch = (paths: string[]) => `http://localhost/trpc/${paths.join(',')}?batch=1`;

  /** A script with an API token calling auth.tokens.create `n` times in one batch. */
  async function createTokens(app: ReturnType<typeof createApp>, n: number) {
    const { token } = await app.auth.tokens.create(userId, 'operator', { name: 'script' });
    const inputs = Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { name: `t${i}` }]));
    return app.request(batch(Array(n).fill('auth.tokens.create')), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(inputs),
    });
  }

  it('refuses a batch of 1,000 queries with a 400 the tRPC client reads', async () => {
    const res = await createApp({ db: t.handle }).request(batch(Array(1000).fill('auth.me')));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        message: 'a batch may hold at most 50 calls; this one has 1000',
        code: -32600,
        data: { code: 'BAD_REQUEST', httpStatus: 400 },
      },
    });
  });

  it('runs none of the calls of a refused batch, and all of one within the limit', async () => {
    const app = createApp({ db: t.handle });
    const tokens = async () => (await app.auth.tokens.list(userId)).length;
    const before = await tokens();
    expect((await createTokens(app, 51)).status).toBe(400);
    expect(await tokens()).toBe(before + 1); // only the script's own token
    expect((await createTokens(app, 50)).status).toBe(200);
    expect(await tokens()).toBe(before + 2 + 50);
  });

  it('counts the calls of a batch whose commas are percent-encoded, as tRPC decodes them', async () => {
    const res = await createApp({ db: t.handle }).request(
      `http://localhost/trpc/${Array(51).fill('auth.me').join('%2C')}?batch=1`,
    );
    expect(res.status).toBe(400);
  });

  it('reads `batch` as tRPC does, percent-encoded too', async () => {
    const res = await createApp({ db: t.handle }).request(
      `http://localhost/trpc/${Array(51).fill('auth.me').join(',')}?%62atch=1`,
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('this one has 51');
  });

  it('takes its limit from createApp options', async () => {
    const app = createApp({ db: t.handle, trpc: { maxBatchCalls: 2 } });
    expect((await app.request(batch(['auth.me', 'auth.me']))).status).toBe(200);
    expect((await app.request(batch(['auth.me', 'auth.me', 'auth.me']))).status).toBe(400);
  });
});
