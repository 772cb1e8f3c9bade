import { serve } from '@hono/node-server';
import { createGrants } from '@warden/authz';
import { describeEachBackend } from '@warden/db/testing';
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { makeApp } from '../test/app.js';
import { Browser } from '../test/browser.js';
import { registry } from '../test/fixture.js';
import { hashPassword } from './passwords.js';
import { loginThrottle } from './schema.js';

// Issue 8 item 7: without `clientAddress` every client was counted as 'unknown', so 21 failed
// logins under 21 usernames locked every user out for 15 minutes.
describeEachBackend('the client address login throttling counts by default', (t) => {
  beforeAll(async () => {
    const grants = createGrants({ db: t.db, registry });
    await grants.createUser({ username: 'ann', passwordHash: await hashPassword('correct horse') });
  });

  it('never puts unknown clients in one shared bucket', async () => {
    await t.db.delete(loginThrottle);
    const { app } = makeApp(t.db, { clientAddress: undefined }); // the default
    for (let i = 0; i < 21; i++) {
      const res = await new Browser(app).login(`nobody${i}`, 'wrong');
      expect(res.status).toBe(401);
    }
    const res = await new Browser(app).login('ann', 'correct horse');
    expect(res.status).toBe(200);
    const addresses = await t.db
      .select()
      .from(loginThrottle)
      .where(eq(loginThrottle.scope, 'address'));
    expect(addresses).toEqual([]); // in-process requests have no socket: counted by username only
  });

  it("counts by the socket's peer address on @hono/node-server", async () => {
    await t.db.delete(loginThrottle);
    const { app } = makeApp(t.db, { clientAddress: undefined });
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    try {
      await new Promise((resolve) => server.once('listening', resolve));
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      const base = `http://127.0.0.1:${address.port}`;
      const csrf = await fetch(`${base}/auth/csrf`);
      const token = ((await csrf.json()) as { token: string }).token;
      const res = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-csrftoken': token,
          cookie: `csrftoken=${token}`,
          origin: base,
        },
        body: JSON.stringify({ username: 'nobody', password: 'wrong' }),
      });
      expect(res.status).toBe(401);
      const rows = await t.db
        .select({ key: loginThrottle.key, failures: loginThrottle.failures })
        .from(loginThrottle)
        .where(eq(loginThrottle.scope, 'address'));
      expect(rows).toEqual([{ key: '127.0.0.1', failures: 1 }]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
