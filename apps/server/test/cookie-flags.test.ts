import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registry } from '@warden/api';
import { hashPassword } from '@warden/auth';
import { createGrants } from '@warden/authz';
import { describeEachBackend } from '@warden/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';

// The cookie flags of the real app, in production (HTTPS) and in development: the session cookie
// is HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site POSTs), and in production
// Secure with the __Host- prefix (HTTPS only, this host only, no Domain). The CSRF cookie is
// readable by script on purpose (the page echoes it in X-CSRFToken), as Django's is.
describeEachBackend('cookie flags', (t) => {
  beforeAll(async () => {
    await createGrants({ db: t.db, registry }).createUser({
      username: 'ann',
      passwordHash: await hashPassword('correct horse'),
    });
  });

  const flow = async (secure: boolean) => {
    const origin = secure ? 'https://app.example' : 'http://localhost';
    const app = createApp({
      db: t.handle,
      auth: { secure },
      allowedHosts: secure ? ['app.example'] : ['localhost'],
    });
    const names = secure
      ? { session: '__Host-session', csrf: '__Host-csrftoken' }
      : { session: 'session', csrf: 'csrftoken' };
    const { token } = (await (await app.request(`${origin}/auth/csrf`)).json()) as {
      token: string;
    };
    const login = await app.request(`${origin}/auth/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin,
        cookie: `${names.csrf}=${token}`,
        'x-csrftoken': token,
      },
      body: JSON.stringify({ username: 'ann', password: 'correct horse' }),
    });
    expect(login.status).toBe(200);
    const set = login.headers.getSetCookie();
    const session = set.find((c) => c.startsWith(`${names.session}=`)) ?? '';
    const csrf = set.find((c) => c.startsWith(`${names.csrf}=`)) ?? '';
    const sessionValue = session.slice(names.session.length + 1).split(';')[0] ?? '';
    const csrfValue = csrf.slice(names.csrf.length + 1).split(';')[0] ?? '';
    const logout = await app.request(`${origin}/auth/logout`, {
      method: 'POST',
      headers: {
        origin,
        cookie: `${names.session}=${sessionValue}; ${names.csrf}=${csrfValue}`,
        'x-csrftoken': csrfValue,
      },
    });
    expect(logout.status).toBe(200);
    const cleared = logout.headers.getSetCookie().find((c) => c.startsWith(`${names.session}=`));
    return {
      session,
      csrf,
      cleared: cleared ?? '',
      hsts: login.headers.get('strict-transport-security'),
    };
  };

  it('production: Secure, HttpOnly, SameSite=Lax, __Host- (no Domain), and HSTS', async () => {
    const { session, csrf, cleared, hsts } = await flow(true);
    expect(session).toMatch(/^__Host-session=[^;]+;/);
    for (const flag of [
      /; Path=\/(;|$)/,
      /; HttpOnly(;|$)/,
      /; Secure(;|$)/,
      /; SameSite=Lax(;|$)/,
    ])
      expect(session).toMatch(flag);
    expect(session).not.toMatch(/Domain=/i);
    expect(csrf).toMatch(/^__Host-csrftoken=[^;]+;/);
    expect(csrf).toMatch(/; Secure(;|$)/);
    expect(csrf).toMatch(/; SameSite=Lax(;|$)/);
    expect(csrf).not.toMatch(/HttpOnly/);
    // The logout's removal carries the same flags, or the browser would keep the real cookie.
    expect(cleared).toMatch(/^__Host-session=;/);
    expect(cleared).toMatch(/Max-Age=0/);
    expect(cleared).toMatch(/; Secure(;|$)/);
    expect(hsts).toMatch(/max-age=\d+/);
  });

  it('development (plain http): HttpOnly and SameSite=Lax, no Secure, no HSTS', async () => {
    const { session, csrf, hsts } = await flow(false);
    expect(session).toMatch(/^session=[^;]+;/);
    expect(session).toMatch(/; HttpOnly(;|$)/);
    expect(session).toMatch(/; SameSite=Lax(;|$)/);
    expect(session).not.toMatch(/Secure/);
    expect(csrf).not.toMatch(/HttpOnly/);
    expect(hsts).toBeNull();
  });
});

// The wiring: `NODE_ENV=production pnpm start` is what turns the flags on.
describe('pnpm start in production', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-prod-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sets Secure __Host- cookies', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=@warden/source', '--import', 'tsx', 'src/main.ts'],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'production',
          ALLOWED_HOSTS: '127.0.0.1',
          PORT: '0',
          PGLITE_DIR: join(dir, 'pglite'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
          if (match?.[1]) resolve(match[1]);
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        void exited.then((code) => reject(new Error(`exited (${code}):\n${output}`)));
      });
      const res = await fetch(`${url}/auth/csrf`);
      const cookie = res.headers.getSetCookie().join('\n');
      expect(cookie).toMatch(/^__Host-csrftoken=[^;]+;.*; Secure(;|$)/m);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
