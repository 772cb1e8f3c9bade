import { registry } from '@warden/api';
import { hashPassword } from '@warden/auth';
import { createGrants } from '@warden/authz';
import { describeEachBackend } from '@warden/db/testing';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, Visitor } from '../test/live-server.js';
import { frontDoor } from './front-door.js';
import { noStoreStep } from './no-store.js';

// Issue 13, item 12: no cache (browser, proxy, CDN) may keep a response that was made for
// credentials, least of all one carrying a new API token's secret.
describeEachBackend('Cache-Control: no-store', (t) => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let ann: Visitor;
  let script: Visitor;

  beforeAll(async () => {
    const passwordHash = await hashPassword('correct horse');
    await createGrants({ db: t.db, registry }).createUser({ username: 'ann', passwordHash });
    server = await startServer(t.handle);
    ann = await new Visitor(server.url).login('ann', 'correct horse');
    const { token } = await ann.trpc.auth.tokens.create.mutate({ name: 'script' });
    script = new Visitor(server.url, token);
  });
  afterAll(() => server.close());

  const cacheControl = async (res: Promise<Response>) => {
    const r = await res;
    await r.body?.cancel();
    return `${r.status} ${r.headers.get('cache-control')}`;
  };
  const json = (method: string, body: unknown): RequestInit => ({
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

  it('is set on the responses that carry a new API token secret', async () => {
    expect(
      await cacheControl(ann.fetch(`${server.url}/auth/tokens`, json('POST', { name: 'a' }))),
    ).toBe('201 no-store');
    expect(
      await cacheControl(
        ann.fetch(`${server.url}/trpc/auth.tokens.create`, json('POST', { name: 'b' })),
      ),
    ).toBe('200 no-store');
    expect(
      await cacheControl(
        script.fetch(`${server.url}/trpc/auth.tokens.create`, json('POST', { name: 'c' })),
      ),
    ).toBe('200 no-store');
  });

  it('is set on every /auth and /trpc response, credentials or not', async () => {
    const anonymous = new Visitor(server.url);
    expect(await cacheControl(anonymous.fetch(`${server.url}/auth/csrf`))).toBe('200 no-store');
    const login = json('POST', { username: 'ann', password: 'wrong' });
    expect(await cacheControl(anonymous.fetch(`${server.url}/auth/login`, login))).toBe(
      '401 no-store',
    );
    expect(await cacheControl(anonymous.fetch(`${server.url}/trpc/auth.me`))).toBe('200 no-store');
    // A rejection by the CSRF middleware, before any route ran.
    expect(await cacheControl(fetch(`${server.url}/trpc/auth.logout`, { method: 'POST' }))).toBe(
      '403 no-store',
    );
  });

  it('is set on any response to a request with a session cookie or a bearer token', async () => {
    expect(await cacheControl(ann.fetch(`${server.url}/healthz`))).toBe('200 no-store');
    expect(await cacheControl(script.fetch(`${server.url}/healthz`))).toBe('200 no-store');
    expect(await cacheControl(ann.fetch(`${server.url}/no/such/page`))).toBe('404 no-store');
    // Without credentials, other responses keep their own caching rules.
    expect(await cacheControl(fetch(`${server.url}/healthz`))).toBe('200 null');
  });
});

describe('noStore on a Response the handler built', () => {
  // tRPC's fetch adapter answers with its own Response; `c.header()` after the handler would copy
  // it around a stream of its body (issue 9's profile: a third of the protected list's extra CPU).
  it('marks the same Response, not a copy', async () => {
    const made = new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } });
    const app = new Hono();
    app.use(
      frontDoor({
        refusals: [],
        deadline: { ms: 10_000 },
        finishers: [noStoreStep({ paths: ['/trpc'], credentialCookies: ['session'] })],
      }),
    );
    app.get('/trpc/x', () => made);
    const res = await app.request('http://localhost/trpc/x');
    expect(res).toBe(made);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
