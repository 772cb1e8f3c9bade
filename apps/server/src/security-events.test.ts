import { registry } from '@warden/api';
import { hashPassword } from '@warden/auth';
import { loginThrottle } from '@warden/auth/schema';
import { createGrants } from '@warden/authz';
import { describeEachBackend } from '@warden/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { codeOf, startServer, Visitor } from '../test/live-server.js';
import { createSecurityEvents } from './security-events.js';

describe('security events', () => {
  it('logs at most one line per kind per interval, with the count', () => {
    let now = 0;
    const lines: string[] = [];
    const events = createSecurityEvents({
      intervalMs: 60_000,
      log: (line) => lines.push(line),
      now: () => now,
    });
    for (let i = 0; i < 100; i++) events.record('login_failed', 'from 10.0.0.1');
    events.record('permission_denied', 'polls.questions.create');
    // The first of each kind at once, so an attack shows without waiting for the interval.
    expect(lines).toEqual([
      'security: 1 failed logins in the last 60 s (last: from 10.0.0.1)',
      'security: 1 permission denials in the last 60 s (last: polls.questions.create)',
    ]);
    now = 30_000;
    events.record('login_failed', 'from 10.0.0.2');
    expect(lines).toHaveLength(2);
    events.flush(); // at shutdown, or when the interval's timer fires
    expect(lines[2]).toBe('security: 100 failed logins in the last 60 s (last: from 10.0.0.2)');
    expect(events.counts()).toMatchObject({ login_failed: 101, permission_denied: 1 });
  });

  it('writes a detail with control characters on its one line, escaped (log forging)', () => {
    const lines: string[] = [];
    const events = createSecurityEvents({ log: (line) => lines.push(line) });
    events.record('csrf_rejected', 'POST /trpc/x\nsecurity: 1 FORGED from 10.0.0.1');
    expect(lines).toEqual([
      'security: 1 requests refused by the CSRF check in the last 60 s (last: POST /trpc/x\\nsecurity: 1 FORGED from 10.0.0.1)',
    ]);
  });
});

// Issue 11: failed logins and permission denials are counted and logged rate-limited, without
// secrets. Everything the server writes to the console during the burst is captured and searched.
describeEachBackend('security events over HTTP', (t) => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const lines: string[] = [];
  const events = createSecurityEvents({ log: (line) => lines.push(line) });
  const password = 'pw-Ann-5ecret-Horse';
  const guessed = 'guess-Zebra-9stapler';

  beforeAll(async () => {
    const grants = createGrants({ db: t.db, registry });
    await grants.createUser({ username: 'ann', passwordHash: await hashPassword(password) });
    await grants.createUser({
      username: 'boss',
      passwordHash: await hashPassword(password),
      isStaff: true,
    });
    server = await startServer(t.handle, { securityEvents: events });
  });
  afterAll(() => server.close());

  it('turns 100 failed logins, denials and forged requests into a few lines with no secret', async () => {
    const printed: string[] = [];
    const capture = (...args: unknown[]) => {
      printed.push(args.map(String).join(' '));
    };
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(capture),
    );
    try {
      const ann = await new Visitor(server.url).login('ann', password);
      const { token } = await ann.trpc.auth.tokens.create.mutate({ name: 'script' });
      const guesser = new Visitor(server.url);
      await guesser.fetch(`${server.url}/auth/csrf`);
      const statuses = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          guesser
            .fetch(`${server.url}/auth/login`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ username: i % 2 ? 'ann' : `nobody${i}`, password: guessed }),
            })
            .then(async (res) => {
              await res.body?.cancel();
              return res.status;
            }),
        ),
      );
      // The throttle refuses most of them (20 failures per address); every one is a failure.
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
      for (let i = 0; i < 20; i++) {
        expect(await codeOf(ann.trpc.polls.questions.create.mutate({ questionText: 'q?' }))).toBe(
          'FORBIDDEN',
        );
      }
      // A forged request with ann's cookies and no CSRF token.
      const forged = await fetch(`${server.url}/trpc/auth.tokens.create`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: server.url,
          cookie: `session=${ann.cookies.get('session')}`,
        },
        body: JSON.stringify({ name: 'forged' }),
      });
      expect(forged.status).toBe(403);
      const script = new Visitor(server.url, token);
      expect(await codeOf(script.trpc.admin.users.list.query())).toBe('FORBIDDEN');

      const counts = events.counts();
      expect(counts.login_failed + counts.login_throttled).toBe(100);
      expect(counts.login_failed).toBeGreaterThan(0);
      expect(counts.permission_denied).toBe(21);
      expect(counts.csrf_rejected).toBe(1);
      // One line per kind so far (each kind's first); the rest waits for the interval.
      expect(lines.length).toBeLessThanOrEqual(4);
      events.flush();
      expect(lines.length).toBeLessThanOrEqual(8);
      expect(lines.join('\n')).toMatch(/security: \d+ failed logins in the last 60 s/);

      const secrets = [
        password,
        guessed,
        token,
        ann.cookies.get('session') ?? 'no session cookie',
        ann.cookies.get('csrftoken') ?? 'no csrf cookie',
      ];
      const everything = [...lines, ...printed].join('\n');
      for (const secret of secrets) expect(everything).not.toContain(secret);
      // Nor a username someone typed: it may be a password in the wrong field.
      expect(everything).not.toMatch(/nobody\d/);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('shows the counts to active staff only', async () => {
    const url = `${server.url}/admin/security-events`;
    await t.db.delete(loginThrottle); // the burst above locked this address
    expect((await new Visitor(server.url).fetch(url)).status).toBe(401);
    const ann = await new Visitor(server.url).login('ann', password);
    expect((await ann.fetch(url)).status).toBe(403);
    const boss = await new Visitor(server.url).login('boss', password);
    const res = await boss.fetch(url);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      since: expect.any(String),
      counts: { login_failed: expect.any(Number), permission_denied: 21, csrf_rejected: 1 },
    });
  });
});
