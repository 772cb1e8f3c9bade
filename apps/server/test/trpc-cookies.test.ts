import { registry } from '@warden/api';
import { hashPassword } from '@warden/auth';
import { createGrants } from '@warden/authz';
import { describeEachBackend } from '@warden/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, Visitor } from './live-server.js';

// Issue 13, item 8: the auth middleware's Set-Cookie (sliding renewal, clearing a dead session)
// must reach a client that only ever calls /trpc, whose responses tRPC's fetch adapter builds.
describeEachBackend('session cookies on /trpc responses', (t) => {
  let at = new Date('2026-03-01T00:00:00Z').getTime();
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    const passwordHash = await hashPassword('correct horse');
    await createGrants({ db: t.db, registry }).createUser({ username: 'ann', passwordHash });
    server = await startServer(t.handle, { auth: { clock: () => new Date(at) } });
  });
  afterAll(() => server.close());

  const sessionCookies = (res: Response) =>
    res.headers.getSetCookie().filter((c) => c.startsWith('session='));

  it('renews the session cookie on a tRPC call (sliding expiry)', async () => {
    const visitor = await new Visitor(server.url).login('ann', 'correct horse');
    const first = visitor.cookies.get('session');
    at += 2 * 3600_000; // past the hourly renewal
    const res = await visitor.fetch(`${server.url}/trpc/auth.me`);
    expect(res.status).toBe(200);
    const [renewed] = sessionCookies(res);
    expect(renewed).toMatch(/^session=[^;]+;.*HttpOnly/);
    const expires = /Expires=([^;]+)/.exec(renewed ?? '')?.[1];
    expect(new Date(expires ?? 0).getTime()).toBe(at + 7 * 24 * 3600_000);
    expect(visitor.cookies.get('session')).toBe(first); // same session, later expiry
  });

  it('clears a dead session cookie on a tRPC call', async () => {
    const visitor = new Visitor(server.url);
    visitor.cookies.set('session', `${'a'.repeat(24)}.${'b'.repeat(24)}`);
    const res = await visitor.fetch(`${server.url}/trpc/auth.me`);
    expect(res.status).toBe(200);
    expect(sessionCookies(res)).toEqual([expect.stringMatching(/^session=;.*Max-Age=0/)]);
    expect(visitor.cookies.has('session')).toBe(false);
  });

  // The cookie is written after the handler (so that tRPC's own Response carries it): where the
  // handler set it itself, the handler's cookie is the only one.
  it('a logout with a renewal due only clears the cookie', async () => {
    const visitor = await new Visitor(server.url).login('ann', 'correct horse');
    at += 2 * 3600_000;
    const res = await visitor.fetch(`${server.url}/auth/logout`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(sessionCookies(res)).toEqual([expect.stringMatching(/^session=;.*Max-Age=0/)]);
    expect(visitor.cookies.has('session')).toBe(false);
  });

  it('a login over a dead session cookie keeps the new session', async () => {
    const visitor = new Visitor(server.url);
    visitor.cookies.set('session', `${'a'.repeat(24)}.${'b'.repeat(24)}`);
    await visitor.login('ann', 'correct horse');
    expect(visitor.cookies.get('session')).toMatch(/^[^.]+\.[^.]+$/);
    expect((await visitor.fetch(`${server.url}/trpc/auth.me`)).status).toBe(200);
    const me = await (await visitor.fetch(`${server.url}/trpc/auth.me`)).json();
    expect(JSON.stringify(me)).toContain('"ann"');
  });
});
