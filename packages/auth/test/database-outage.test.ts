import { createServer } from 'node:net';
import { createGrants } from '@warden/authz';
import { createDb, type DbHandle } from '@warden/db';
import { describeEachBackend } from '@warden/db/testing';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { hashPassword } from '../src/passwords.js';
import { makeApp } from './app.js';
import { Browser } from './browser.js';
import { registry } from './fixture.js';

// Issue 24, #16: in an app of one's own (no onError of its own), a database outage reached
// clients as Hono's plain-text `Internal Server Error` whenever a credential had to be read. The
// library answers it itself: JSON 503 with Retry-After, tRPC's envelope on the tRPC path. The
// credentials are real (a login on a working database); the outage is a real driver failing to
// connect (postgres.js to a port nobody listens on: refused, then failing fast).
describeEachBackend('a database outage in an app of ones own', (t) => {
  let ann: Browser;
  let token: string;
  let down: ReturnType<typeof makeApp>['app'];
  let unreachable: DbHandle;

  beforeAll(async () => {
    const { app, auth } = makeApp(t.db);
    const grants = createGrants({ db: t.db, registry });
    const user = await grants.createUser({
      username: 'ann',
      passwordHash: await hashPassword('correct horse'),
    });
    ann = new Browser(app);
    expect((await ann.login('ann', 'correct horse')).status).toBe(200);
    token = (await auth.tokens.create(user.id, 'operator', { name: 'script' })).token;

    const port = await closedPort();
    unreachable = await createDb({
      schema: {},
      connection: { url: `postgres://postgres@127.0.0.1:${port}/gone` },
    });
    down = makeApp(unreachable.db).app;
  });
  afterAll(async () => {
    await unreachable?.close();
  });

  const asAnn = () => {
    const browser = new Browser(down);
    for (const [name, value] of ann.cookies) browser.cookies.set(name, value);
    return browser;
  };
  const expectUnavailable = async (res: Response, body: unknown) => {
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(body);
  };
  const plain = {
    error: {
      code: 'SERVICE_UNAVAILABLE',
      message: 'the database is unavailable; try again shortly',
    },
  };
  const envelope = {
    error: {
      message: 'the database is unavailable; try again shortly',
      code: -32603, // tRPC's number for SERVICE_UNAVAILABLE (TRPC_ERROR_CODES_BY_KEY)
      data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503 },
    },
  };

  it('answers a session whose credentials cannot be read with JSON 503', async () => {
    await expectUnavailable(await asAnn().request('/whoami'), plain);
    await expectUnavailable(await asAnn().request('/trpc/thing', { json: {} }), envelope);
  });

  it('answers an API token that cannot be checked with JSON 503', async () => {
    const res = await down.request('http://localhost/trpc/thing', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    await expectUnavailable(res, envelope);
  });

  it('answers the /auth routes that need the database with JSON 503', async () => {
    const visitor = new Browser(down);
    expect((await visitor.request('/auth/csrf')).status).toBe(200); // needs no database
    const logged = vi.spyOn(console, 'error');
    try {
      await expectUnavailable(await visitor.login('ann', 'correct horse'), plain);
      expect(logged).not.toHaveBeenCalled(); // Hono's default onError printed a stack each time
    } finally {
      logged.mockRestore();
    }
  });

  it('still serves what needs no database', async () => {
    const res = await new Browser(down).request('/whoami');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ via: 'anonymous', username: null });
  });
});

/** A port of 127.0.0.1 that nothing listens on (it was free a moment ago). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
