import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { describeEachBackend } from '@warden/db/testing';
import { afterAll, describe, expect, it } from 'vitest';

// The real entry point in a child process, as `pnpm start` runs it.
const serverDir = fileURLToPath(new URL('..', import.meta.url));

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Promise<Started> {
  const child = spawn(
    process.execPath,
    ['--conditions=@warden/source', '--import', 'tsx', 'src/main.ts'],
    {
      cwd: serverDir,
      env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1], output: () => output, exited });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) =>
      reject(new Error(`server exited (${code}) before listening:\n${output}`)),
    );
  });
}

describeEachBackend('pnpm start', (t) => {
  // A real process (tsx, then PGlite starting Postgres in it): seconds when quiet, far more when
  // the machine is busy, so minutes rather than the default 30 s.
  const timeout = 180_000;
  const dir = mkdtempSync(join(tmpdir(), 'warden-server-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'serves /healthz, then stops cleanly on %s',
    async (signal) => {
      const env: Record<string, string> =
        t.url !== undefined ? { DATABASE_URL: t.url } : { PGLITE_DIR: join(dir, signal) };
      const server = await start(env);
      const res = await fetch(`${server.url}/healthz`);
      expect(await res.json()).toMatchObject({ status: 'ok', database: { backend: t.backend } });

      // First start on an empty database: demo data and its logins (once per database).
      if (signal === 'SIGTERM')
        expect(server.output()).toMatch(/demo data created; log in as:\n\s+admin\s+admin-demo-pw/);
      server.child.kill(signal);
      expect(await server.exited).toBe(0);
      expect(server.output()).toContain(`${signal}: shutting down`);
      expect(server.output()).toContain('stopped');

      if (t.url === undefined) {
        // Nothing lost: the migrations the server applied are on disk after it stopped, and the
        // directory is free again (its pid file is gone).
        expect(existsSync(join(dir, signal, 'warden.pid'))).toBe(false);
        const pg = await PGlite.create(join(dir, signal));
        const { rows } = await pg.query<{ n: number }>(
          'select count(*)::int as n from drizzle.__demo_migrations',
        );
        await pg.close();
        expect(rows[0]?.n).toBeGreaterThan(0);
      }
    },
    timeout,
  );
});

// Issue 24 #14: PUBLIC_URL naming a public host with NODE_ENV forgotten seeded admin /
// admin-demo-pw (the README prints it) into the empty database, silently.
describe('pnpm start for a public host outside production', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-public-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates no demo users unless SEED_DEMO=1, and says why', async () => {
    const server = await start({
      PGLITE_DIR: dir,
      PUBLIC_URL: 'https://app.example.com',
      // /healthz from here: the test reaches the server by its loopback address
      ALLOWED_HOSTS: '127.0.0.1',
    });
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).not.toContain('demo data created');
    expect(server.output()).toMatch(/demo data not created: .*app\.example\.com.*SEED_DEMO=1/);
    expect(server.output()).toMatch(/cookies are not Secure/);
    const pg = await PGlite.create(dir);
    const { rows } = await pg.query<{ n: number }>('select count(*)::int as n from auth_user');
    await pg.close();
    expect(rows[0]?.n).toBe(0);
  });
});

// Issue 24 #10: a database made before usernames were unique regardless of case, holding `admin`
// and `Admin`. The start stops with the migration's own message, naming both, not drizzle's
// `Failed query: do $$ …` and not by renaming anyone.
describe('pnpm start on a database with usernames differing only in case', {
  timeout: 180_000,
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-case-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 1 naming the clashing usernames', async () => {
    const first = await start({ PGLITE_DIR: dir });
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    // Back to before authz's migration 0004 (undoing 0005's scope tables and 0006's invitations
    // too, which they make again and whose cleanup function they replace), then a second admin
    // spelled differently.
    const pg = await PGlite.create(dir);
    await pg.exec(`drop table auth_invitation_role, auth_invitation;
      drop table auth_group_scope_permission, auth_user_scope_permission, auth_membership;
      alter table auth_audit_log drop column scope;
      drop index auth_user_username_lower_key;
      delete from drizzle.__warden_authz_migrations
        where created_at in (select created_at from drizzle.__warden_authz_migrations
          order by created_at desc limit 3);
      insert into auth_user (username) values ('Admin');`);
    await pg.close();

    const child = spawn(
      process.execPath,
      ['--conditions=@warden/source', '--import', 'tsx', 'src/main.ts'],
      { cwd: serverDir, env: { PATH: process.env.PATH ?? '', PORT: '0', PGLITE_DIR: dir } },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /could not migrate the database \(PGlite at .*\): usernames must be unique regardless of case; these differ only in case: 'admin' \(id 1\), 'Admin' \(id \d+\) \(rename all but one/,
    );
    expect(stderr).not.toContain('Failed query');
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});

describe('pnpm start with a bad environment', { timeout: 180_000 }, () => {
  it('exits 1 naming the variable, without a stack trace', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=@warden/source', '--import', 'tsx', 'src/main.ts'],
      {
        cwd: serverDir,
        env: { PATH: process.env.PATH ?? '', PORT: 'eighty', DATABASE_URL: 'mysql://u:pw@h/db' },
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('PORT: must be an integer between 0 and 65535 (got "eighty")');
    expect(stderr).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
    expect(stderr).not.toContain('pw@');
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 1 in production when it is not told which host it serves', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=@warden/source', '--import', 'tsx', 'src/main.ts'],
      {
        cwd: serverDir,
        env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('ALLOWED_HOSTS: must be set in production, or PUBLIC_URL');
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 1 with a clear message when the database cannot be reached', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=@warden/source', '--import', 'tsx', 'src/main.ts'],
      {
        cwd: serverDir,
        env: {
          PATH: process.env.PATH ?? '',
          DATABASE_URL: 'postgres://nobody:pw@127.0.0.1:1/none',
        },
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /could not migrate the database \(postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none\)/,
    );
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
