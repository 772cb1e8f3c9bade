import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registry } from '@warden/api';
import { describeEachBackend } from '@warden/db/testing';
import { afterAll, expect, it } from 'vitest';

const serverDir = fileURLToPath(new URL('..', import.meta.url));

describeEachBackend('manage perms', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const manage = (...args: string[]) => {
    const env = t.url !== undefined ? { DATABASE_URL: t.url } : { PGLITE_DIR: dir };
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: serverDir,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
    });
    return { code: run.status, out: run.stdout + run.stderr };
  };

  it('syncs permissions idempotently', () => {
    const first = manage('perms', 'sync');
    expect(first.code).toBe(0);
    expect(first.out).toContain(`permissions created: ${registry.permissions.length}`);
    expect(first.out).toContain('  + auth.change_user');
    const second = manage('perms', 'sync', '--prune');
    expect(second.code).toBe(0);
    expect(second.out).toContain('permissions created: 0');
  });

  it('lists codenames as select name, codename from auth_permission', () => {
    const { code, out } = manage('perms', 'list');
    expect(code).toBe(0);
    expect(out).toMatch(/^ name +\| codename$/m);
    expect(out).toMatch(/^ Can change user +\| auth\.change_user$/m);
    expect(out).toContain(`(${registry.permissions.length} rows)`);
  });

  it('creates a superuser, changes a password, grants and revokes, refusing mistakes', () => {
    const made = manage('createsuperuser', '--username', 'root', '--password', 'root-password-1');
    expect(made).toMatchObject({ code: 0 });
    expect(made.out).toMatch(/superuser 'root' created/);
    expect(
      manage('createsuperuser', '--username', 'root', '--password', 'root-password-1'),
    ).toMatchObject({
      code: 1,
      out: expect.stringContaining("username 'root' is taken"),
    });
    expect(manage('changepassword', 'root', '--password', 'another-password').out).toMatch(
      /password of 'root' changed/,
    );
    expect(manage('changepassword', 'nobody', '--password', 'another-password')).toMatchObject({
      code: 1,
    });
    expect(manage('grant', 'user', 'root', 'shop.view_product', '--object', '1').code).toBe(1); // no product 1 yet
    expect(manage('grant', 'user', 'root', 'polls.can_vote').out).toContain(
      "granted polls.can_vote to user 'root'",
    );
    expect(manage('revoke', 'user', 'root', 'polls.can_vote').out).toContain(
      "revoked polls.can_vote from user 'root'",
    );
    expect(manage('grant', 'user', 'root', 'polls.can_add')).toMatchObject({
      code: 1,
      out: expect.stringContaining("did you mean 'polls.add_question'"),
    });
    expect(manage('seed-demo')).toMatchObject({
      code: 1,
      out: expect.stringContaining('has users already'),
    });
  });

  it('answers a usage mistake with exit 2 and the usage', () => {
    const { code, out } = manage('perms', 'sync', '--purge');
    expect(code).toBe(2);
    expect(out).toContain('usage: perms list');
  });
});
