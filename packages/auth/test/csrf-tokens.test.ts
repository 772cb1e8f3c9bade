import { createGrants } from '@warden/authz';
import { describeEachBackend } from '@warden/db/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/passwords.js';
import { makeApp } from './app.js';
import { Browser } from './browser.js';
import { registry, testClock } from './fixture.js';

const DAY = 86_400_000;

describeEachBackend('CSRF and API tokens over HTTP', (t) => {
  const clock = testClock();
  let app: ReturnType<typeof makeApp>['app'];
  let ann: Browser;

  const message = async (res: Response) =>
    ((await res.json()) as { error: { message: string } }).error.message;

  beforeAll(async () => {
    ({ app } = makeApp(t.db, { clock: clock.now }));
    const grants = createGrants({ db: t.db, registry });
    await grants.createUser({ username: 'ann', passwordHash: await hashPassword('correct horse') });
    ann = new Browser(app);
    expect((await ann.login('ann', 'correct horse')).status).toBe(200);
  });

  describe('CSRF', () => {
    it('passes a same-origin request that echoes the token', async () => {
      expect(await (await ann.request('/trpc/thing', { json: {} })).json()).toEqual({
        ok: true,
        via: 'session',
      });
    });

    it('never asks a safe request for the token', async () => {
      expect((await ann.request('/whoami', { csrf: false })).status).toBe(200);
    });

    it('says it is the CSRF check as data, where clients read a denial', async () => {
      const trpc = await ann.request('/trpc/thing', { json: {}, csrf: false });
      expect(await trpc.json()).toMatchObject({
        error: { data: { code: 'FORBIDDEN', denial: { reason: 'csrf', needs: [] } } },
      });
      const plain = await ann.request('/auth/logout', { json: {}, csrf: false });
      expect(plain.status).toBe(403);
      expect(await plain.json()).toMatchObject({
        error: { code: 'FORBIDDEN', denial: { reason: 'csrf', needs: [] } },
      });
    });

    it('rejects a missing or wrong token, saying which check failed', async () => {
      const missing = await ann.request('/trpc/thing', { json: {}, csrf: false });
      expect(missing.status).toBe(403);
      expect(await message(missing)).toBe('CSRF check failed: X-CSRFToken header missing');
      const wrong = await ann.request('/trpc/thing', {
        json: {},
        headers: { 'x-csrftoken': 'a'.repeat(32) },
      });
      expect(await message(wrong)).toBe(
        'CSRF check failed: X-CSRFToken does not match the csrftoken cookie',
      );
      const noCookie = new Browser(app);
      noCookie.cookies.set('session', ann.cookies.get('session') ?? '');
      const res = await noCookie.request('/trpc/thing', {
        json: {},
        headers: { 'x-csrftoken': 'a'.repeat(32) },
      });
      expect(await message(res)).toMatch(/no valid csrftoken cookie/);
    });

    it('rejects an untrusted Origin, and a cross-site fetch without a trusted one', async () => {
      const evil = await ann.request('/trpc/thing', {
        json: {},
        headers: { origin: 'https://evil.example' },
      });
      expect(evil.status).toBe(403);
      expect(await message(evil)).toBe(
        'CSRF check failed: origin https://evil.example is not trusted',
      );
      const trusted = await ann.request('/trpc/thing', {
        json: {},
        headers: { origin: 'https://app.example', 'sec-fetch-site': 'cross-site' },
      });
      expect(trusted.status).toBe(200);
      const site = await app.request('http://localhost/trpc/thing', {
        method: 'POST',
        headers: {
          cookie: `csrftoken=${ann.cookies.get('csrftoken')}`,
          'x-csrftoken': ann.cookies.get('csrftoken') ?? '',
          'sec-fetch-site': 'cross-site',
        },
      });
      expect(await message(site)).toBe('CSRF check failed: Sec-Fetch-Site is cross-site');
      const bare = await app.request('http://localhost/trpc/thing', {
        method: 'POST',
        headers: { cookie: 'csrftoken=x' },
      });
      expect(await message(bare)).toBe('CSRF check failed: no Origin or Sec-Fetch-Site header');
    });

    it.each([
      [
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
      ],
      ['application/x-www-form-urlencoded', 'a=1'],
      ['text/plain', '{}'],
    ])('rejects a cross-site %s post carrying the session cookie', async (type, body) => {
      const cookie = [...ann.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await app.request('http://localhost/trpc/thing', {
        method: 'POST',
        headers: {
          cookie,
          'content-type': type,
          origin: 'https://evil.example',
          'sec-fetch-site': 'cross-site',
        },
        body,
      });
      expect(res.status).toBe(403);
    });

    it('protects the login itself (login CSRF)', async () => {
      const res = await app.request('http://localhost/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
        body: JSON.stringify({ username: 'ann', password: 'correct horse' }),
      });
      expect(res.status).toBe(403);
    });
  });

  describe('API tokens', () => {
    let token: string;

    it('creates a token shown once and lists it without its secret', async () => {
      const res = await ann.request('/auth/tokens', {
        json: { name: 'ci script', expiresInDays: 30 },
      });
      expect(res.status).toBe(201);
      const created = (await res.json()) as { token: string; info: { id: string } };
      token = created.token;
      expect(token).toMatch(/^wdn_[a-z2-9]{24}\.[a-z2-9]{24}$/);
      const list = await (await ann.request('/auth/tokens')).text();
      expect(list).toContain('ci script');
      expect(list).not.toContain(token.split('.')[1]);
    });

    it('authenticates with Bearer and is exempt from CSRF', async () => {
      const headers = { authorization: `Bearer ${token}` };
      expect(await (await app.request('http://localhost/whoami', { headers })).json()).toEqual({
        via: 'token',
        username: 'ann',
      });
      const post = await app.request('http://localhost/trpc/thing', { method: 'POST', headers });
      expect(await post.json()).toEqual({ ok: true, via: 'token' });
    });

    it('still checks CSRF when a cookie comes along', async () => {
      const res = await app.request('http://localhost/trpc/thing', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          cookie: `session=${ann.cookies.get('session')}`,
          origin: 'https://evil.example',
        },
      });
      expect(res.status).toBe(403);
    });

    it('answers a bad, malformed or expired token with 401 and a Bearer challenge', async () => {
      for (const authorization of [
        `Bearer wdn_${'a'.repeat(24)}.${'b'.repeat(24)}`,
        'Bearer garbage',
        'Basic YTpi',
        `Bearer ${'x'.repeat(5000)}`,
        'Bearer',
      ]) {
        const res = await app.request('http://localhost/whoami', { headers: { authorization } });
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      }
      clock.advance(31 * DAY);
      const expired = await app.request('http://localhost/whoami', {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(expired.status).toBe(401);
      expect(expired.headers.get('www-authenticate')).toContain('token expired');
    });

    it('revokes a token', async () => {
      await ann.login('ann', 'correct horse'); // the session expired with the clock above
      const created = (await (
        await ann.request('/auth/tokens', { json: { name: 'temp' } })
      ).json()) as { token: string; info: { id: string } };
      expect(
        (await ann.request(`/auth/tokens/${created.info.id}`, { method: 'DELETE' })).status,
      ).toBe(204);
      expect(
        (await ann.request(`/auth/tokens/${created.info.id}`, { method: 'DELETE' })).status,
      ).toBe(404);
      const res = await app.request('http://localhost/whoami', {
        headers: { authorization: `Bearer ${created.token}` },
      });
      expect(res.status).toBe(401);
    });

    it('validates token input', async () => {
      expect((await ann.request('/auth/tokens', { json: { name: '' } })).status).toBe(400);
      expect(
        (await ann.request('/auth/tokens', { json: { name: 'x', expiresInDays: -1 } })).status,
      ).toBe(400);
      expect((await app.request('http://localhost/auth/tokens')).status).toBe(401);
    });
  });
});
