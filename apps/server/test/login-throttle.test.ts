import { registry } from '@warden/api';
import { hashPassword } from '@warden/auth';
import { loginThrottle } from '@warden/auth/schema';
import { createGrants } from '@warden/authz';
import { describeEachBackend } from '@warden/db/testing';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startServer, Visitor } from './live-server.js';

// Issue 13, item 5: the throttle must count an attempt before the password is verified, so a burst
// of concurrent guesses gets no more tries than the limit (it used to check, verify, then count).
describeEachBackend('login throttle under concurrent guesses', (t) => {
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    const passwordHash = await hashPassword('correct horse');
    await createGrants({ db: t.db, registry }).createUser({ username: 'ann', passwordHash });
  });
  afterAll(() => server.close());
  // Every request here comes from 127.0.0.1: each test starts with no counts.
  beforeEach(() => t.db.delete(loginThrottle));

  const attempt = async (visitor: Visitor, username: string, password: string) => {
    const res = await visitor.fetch(`${visitor.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    await res.body?.cancel();
    return res.status;
  };
  const tally = (statuses: number[]) => {
    const counts: Record<number, number> = {};
    for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
    return counts;
  };

  it('verifies at most 5 of 40 concurrent guesses for one username, and the password sent last is refused', async () => {
    // The address limit is raised so that only the username's limit (5) is in play.
    server = await startServer(t.handle, { auth: { throttle: { maxAddressFailures: 1000 } } });
    const visitor = new Visitor(server.url);
    await visitor.fetch(`${server.url}/auth/csrf`);
    const burst = Array.from({ length: 40 }, (_, i) => attempt(visitor, 'ann', `guess ${i}`));
    burst.push(attempt(visitor, 'ann', 'correct horse'));
    const statuses = await Promise.all(burst);
    expect(tally(statuses)).toEqual({ 401: 5, 429: 36 });
    // Still locked: the burst did not reset the count by logging in.
    expect(await attempt(visitor, 'ann', 'correct horse')).toBe(429);
    await server.close();
  });

  it('verifies at most 20 of 60 concurrent guesses from one address', async () => {
    server = await startServer(t.handle);
    const visitor = new Visitor(server.url);
    await visitor.fetch(`${server.url}/auth/csrf`);
    const statuses = await Promise.all(
      Array.from({ length: 60 }, (_, i) => attempt(visitor, `user${i}`, 'wrong')),
    );
    expect(tally(statuses)).toEqual({ 401: 20, 429: 40 });
    await server.close();
  });

  it('does not count successful logins against the address, and a success resets the username', async () => {
    server = await startServer(t.handle, {
      auth: { throttle: { maxUsernameFailures: 3, maxAddressFailures: 4 } },
    });
    const visitor = new Visitor(server.url);
    await visitor.fetch(`${server.url}/auth/csrf`);
    for (let round = 0; round < 3; round++) {
      expect(await attempt(visitor, 'ann', 'wrong')).toBe(401);
      expect(await attempt(visitor, 'ann', 'correct horse')).toBe(200);
    }
    // 3 failures from this address so far (limit 4), and ann's count was reset by each success.
    expect(await attempt(visitor, 'ann', 'wrong')).toBe(401);
    expect(await attempt(visitor, 'bob', 'wrong')).toBe(429);
  });
});
