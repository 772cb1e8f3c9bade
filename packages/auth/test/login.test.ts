import { createGrants } from '@warden/authz';
import { user } from '@warden/authz/schema';
import { describeEachBackend } from '@warden/db/testing';
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../src/passwords.js';
import { makeApp } from './app.js';
import { Browser } from './browser.js';
import { registry, testClock } from './fixture.js';

const HOUR = 3600_000;

describeEachBackend('login and sessions over HTTP', (t) => {
  const clock = testClock();
  let app: ReturnType<typeof makeApp>['app'];
  const login = async (username: string, password = 'correct horse') => {
    const b = new Browser(app);
    const res = await b.login(username, password);
    return { b, res };
  };
  const whoami = async (b: Browser) =>
    (await (await b.request('/whoami')).json()) as { via: string; username: string | null };

  beforeAll(async () => {
    ({ app } = makeApp(t.db, {
      clock: clock.now,
      throttle: { maxUsernameFailures: 3, maxAddressFailures: 8 },
    }));
    const grants = createGrants({ db: t.db, registry });
    const passwordHash = await hashPassword('correct horse');
    for (const username of ['ann', 'bob', 'cat', 'dan', 'eve', 'fay'])
      await grants.createUser({ username, passwordHash });
    await grants.createUser({ username: 'gone', passwordHash, isActive: false });
    // What Django's PBKDF2PasswordHasher stores for 'django pw' (salt 'salt1234', 1000 iterations).
    await grants.createUser({
      username: 'djangouser',
      passwordHash: 'pbkdf2_sha256$1000$salt1234$cYmyEk9eatzQZii6JQ7K/7JX9P2NjVymVdjWuApgBJE=',
    });
  });

  it('logs in with a hardened session cookie and records the last login', async () => {
    const { b, res } = await login('ann');
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/Expires=/);
    expect(cookie).not.toMatch(/Secure/);
    expect(await whoami(b)).toEqual({ via: 'session', username: 'ann' });
    const [row] = await t.db
      .select({ lastLogin: user.lastLogin })
      .from(user)
      .where(eq(user.username, 'ann'));
    expect(row?.lastLogin?.getTime()).toBe(clock.now().getTime());
  });

  it('uses Secure __Host- cookies in production', async () => {
    const secure = makeApp(t.db, { secure: true, clock: clock.now }).app;
    const b = new Browser(secure);
    await b.request('/auth/csrf');
    expect([...b.cookies.keys()]).toEqual(['__Host-csrftoken']);
    b.cookies.set('csrftoken', b.cookies.get('__Host-csrftoken') ?? '');
    const res = await b.request('/auth/login', {
      json: { username: 'ann', password: 'correct horse' },
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-session='));
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/Path=\//);
  });

  it('answers a wrong password and an unknown user alike, and refuses inactive users', async () => {
    for (const [username, password] of [
      ['bob', 'wrong'],
      ['nobody', 'correct horse'],
      ['gone', 'correct horse'],
    ]) {
      const { res } = await login(username ?? '', password);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: { code: 'UNAUTHORIZED', message: 'invalid username or password' },
      });
    }
  });

  it('rejects malformed login bodies with 400', async () => {
    const b = new Browser(app);
    await b.request('/auth/csrf');
    expect(
      (
        await b.request('/auth/login', {
          method: 'POST',
          body: '{nope',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(400);
    const res = await b.request('/auth/login', { json: { username: '', password: 5 } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /username.*password/,
    );
  });

  it('issues a new session at every login (no fixation)', async () => {
    const { b } = await login('cat');
    const first = b.cookies.get('session');
    await b.login('cat', 'correct horse');
    const second = b.cookies.get('session');
    expect(second).not.toBe(first);
    const stale = new Browser(app);
    stale.cookies.set('session', first ?? '');
    expect(await whoami(stale)).toEqual({ via: 'anonymous', username: null });
  });

  it('logs out, and logs out everywhere', async () => {
    const one = (await login('dan')).b;
    const two = (await login('dan')).b;
    const token = one.cookies.get('session');
    const out = await one.request('/auth/logout', { method: 'POST' });
    expect(out.headers.getSetCookie().some((c) => /^session=;/.test(c))).toBe(true);
    const replay = new Browser(app);
    replay.cookies.set('session', token ?? '');
    expect((await whoami(replay)).via).toBe('anonymous');
    const three = (await login('dan')).b;
    expect(
      (
        (await (await three.request('/auth/logout-all', { method: 'POST' })).json()) as {
          sessionsEnded: number;
        }
      ).sessionsEnded,
    ).toBe(2);
    expect((await whoami(two)).via).toBe('anonymous');
  });

  it('ends the other sessions on a password change and keeps this one', async () => {
    const here = (await login('eve')).b;
    const elsewhere = (await login('eve')).b;
    const bad = await here.request('/auth/password', {
      json: { currentPassword: 'nope', newPassword: 'new password 1' },
    });
    expect(bad.status).toBe(400);
    const short = await here.request('/auth/password', {
      json: { currentPassword: 'correct horse', newPassword: 'short' },
    });
    expect(short.status).toBe(400);
    const res = await here.request('/auth/password', {
      json: { currentPassword: 'correct horse', newPassword: 'new password 1' },
    });
    expect(await res.json()).toEqual({ ok: true, otherSessionsEnded: 1, tokensEnded: 0 });
    expect((await whoami(here)).username).toBe('eve');
    expect((await whoami(elsewhere)).via).toBe('anonymous');
    expect((await login('eve')).res.status).toBe(401);
    expect((await login('eve', 'new password 1')).res.status).toBe(200);
  });

  it('ends API tokens on a password change and on log out everywhere', async () => {
    // Before, a token minted with a stolen session outlived both.
    const { b } = await login('cat');
    const mint = async () => {
      const res = await b.request('/auth/tokens', { json: { name: 'script' } });
      return ((await res.json()) as { token: string }).token;
    };
    const works = async (token: string) =>
      (await app.request('/whoami', { headers: { authorization: `Bearer ${token}` } })).status ===
      200;
    const first = await mint();
    expect(await works(first)).toBe(true);
    const changed = await b.request('/auth/password', {
      json: { currentPassword: 'correct horse', newPassword: 'cat password 2' },
    });
    expect(await changed.json()).toMatchObject({ ok: true, tokensEnded: 1 });
    expect(await works(first)).toBe(false);
    const second = await mint();
    const out = await b.request('/auth/logout-all', { method: 'POST' });
    expect(await out.json()).toEqual({ ok: true, sessionsEnded: 1, tokensEnded: 1 });
    expect(await works(second)).toBe(false);
  });

  it('stops a deactivated user at once, and reactivating them revives no credential', async () => {
    const { b } = await login('fay');
    const minted = await b.request('/auth/tokens', { json: { name: 'script' } });
    const { token } = (await minted.json()) as { token: string };
    const bearer = { headers: { authorization: `Bearer ${token}` } };
    expect((await app.request('/whoami', bearer)).status).toBe(200);
    await t.db.update(user).set({ isActive: false }).where(eq(user.username, 'fay'));
    expect((await whoami(b)).via).toBe('anonymous');
    // Before, the session and the token were only refused while inactive, and came back with it.
    await t.db.update(user).set({ isActive: true }).where(eq(user.username, 'fay'));
    expect((await whoami(b)).via).toBe('anonymous');
    expect((await app.request('/whoami', bearer)).status).toBe(401);
    expect((await login('fay')).res.status).toBe(200);
  });

  it('slides the expiry forward, and expires idle sessions', async () => {
    const { b } = await login('ann');
    clock.advance(2 * HOUR);
    const renewed = await b.request('/whoami');
    expect(renewed.headers.getSetCookie().some((c) => c.startsWith('session='))).toBe(true);
    clock.advance(6 * 24 * HOUR);
    expect((await whoami(b)).via).toBe('session');
    clock.advance(8 * 24 * HOUR);
    expect((await whoami(b)).via).toBe('anonymous');
  });

  it('treats malformed cookies as no session, never a 500', async () => {
    for (const cookie of [
      'session=garbage',
      `session=${'x'.repeat(8000)}`,
      'session=%E0%A4%A',
      'session',
      '=;;=;',
      `session=${'a'.repeat(24)}.${'é'.repeat(24)}`,
    ]) {
      const res = await app.request('http://localhost/whoami', { headers: { cookie } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ via: 'anonymous', username: null });
    }
  });

  it('authenticates a request with exactly one SQL statement', async () => {
    const { b } = await login('bob');
    const counting = t.counting();
    const counted = makeApp(counting.db, { clock: clock.now }).app;
    const res = await counted.request('http://localhost/whoami', {
      headers: { cookie: `session=${b.cookies.get('session')}` },
    });
    expect(await res.json()).toEqual({ via: 'session', username: 'bob' });
    expect(counting.statements()).toBe(1);
  });

  it('accepts a Django pbkdf2_sha256 hash and re-hashes it with argon2id', async () => {
    const { res } = await login('djangouser', 'django pw');
    expect(res.status).toBe(200);
    const [row] = await t.db
      .select({ password: user.password })
      .from(user)
      .where(eq(user.username, 'djangouser'));
    expect(row?.password).toMatch(/^\$argon2id\$/);
    expect((await login('djangouser', 'django pw')).res.status).toBe(200);
  });

  it('shares the throttle between server processes (counts live in Postgres)', async () => {
    const other = makeApp(t.db, { clock: clock.now, throttle: { maxUsernameFailures: 3 } }).app;
    const here = new Browser(app);
    const there = new Browser(other);
    await here.request('/auth/csrf');
    await there.request('/auth/csrf');
    const wrong = { json: { username: 'cat', password: 'wrong' } };
    expect((await here.request('/auth/login', wrong)).status).toBe(401);
    expect((await there.request('/auth/login', wrong)).status).toBe(401);
    expect((await here.request('/auth/login', wrong)).status).toBe(401);
    expect(
      (await there.request('/auth/login', { json: { username: 'cat', password: 'correct horse' } }))
        .status,
    ).toBe(429);
    clock.advance(16 * 60_000);
  });

  it('throttles repeated failures per username and per address, and a success resets the username', async () => {
    for (let i = 0; i < 2; i++) expect((await login('bob', 'wrong')).res.status).toBe(401);
    expect((await login('bob')).res.status).toBe(200); // resets bob's count
    for (let i = 0; i < 3; i++) expect((await login('bob', 'wrong')).res.status).toBe(401);
    const locked = (await login('bob')).res;
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    clock.advance(16 * 60_000);
    expect((await login('bob')).res.status).toBe(200);

    // One address trying many usernames is stopped too (8 failures from it, across names).
    const from = (address: string, username: string) => {
      const b = new Browser(app);
      return b.request('/auth/csrf').then(() =>
        b.request('/auth/login', {
          json: { username, password: 'wrong' },
          headers: { 'x-test-address': address },
        }),
      );
    };
    for (let i = 0; i < 8; i++) await from('198.51.100.7', `user${i}`);
    expect((await from('198.51.100.7', 'someone-else')).status).toBe(429);
    expect((await from('198.51.100.8', 'someone-else')).status).toBe(401);
  });
});
