import { registry } from '@warden/api';
import { hashPassword } from '@warden/auth';
import { createGrants } from '@warden/authz';
import { describeEachBackend } from '@warden/db/testing';
import { expect, it } from 'vitest';
import { createApp } from './app.js';

describeEachBackend('HTTP app', (t) => {
  it('reports the backend and that the database answers on /healthz', async () => {
    const res = await createApp({ db: t.handle }).request('/healthz');
    expect(res.status).toBe(200);
    // Exactly these: not the Postgres version (issue 24 #14), which told anyone which advisories apply.
    expect(await res.json()).toEqual({
      status: 'ok',
      database: { backend: t.backend, ok: true, latencyMs: expect.any(Number) },
    });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await createApp({ db: t.handle }).request('/no/such/thing');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'no route for GET /no/such/thing' },
    });
  });

  it('sets security headers', async () => {
    const res = await createApp({ db: t.handle }).request('/healthz');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('logs a user in through /auth with the CSRF handshake', async () => {
    const app = createApp({ db: t.handle });
    await createGrants({ db: t.db, registry }).createUser({
      username: 'ann',
      passwordHash: await hashPassword('correct horse'),
    });
    const csrf = await app.request('http://localhost/auth/csrf');
    const { token } = (await csrf.json()) as { token: string };
    const headers = {
      'content-type': 'application/json',
      origin: 'http://localhost',
      cookie: `csrftoken=${token}`,
      'x-csrftoken': token,
    };
    const body = JSON.stringify({ username: 'ann', password: 'correct horse' });
    const res = await app.request('http://localhost/auth/login', { method: 'POST', headers, body });
    expect(res.status).toBe(200);
    expect(
      res.headers.getSetCookie().some((c) => c.startsWith('session=') && /HttpOnly/.test(c)),
    ).toBe(true);
    const forged = await app.request('http://localhost/auth/login', {
      method: 'POST',
      headers: { ...headers, origin: 'https://evil.example' },
      body,
    });
    expect(forged.status).toBe(403);
  });

  // Last in the block: it closes the database under the app.
  it('answers 503 on /healthz when the database is gone', async () => {
    const app = createApp({ db: t.handle });
    await t.handle.close();
    const res = await app.request('/healthz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: 'unavailable',
      database: { backend: t.backend, ok: false },
    });
  });
});
