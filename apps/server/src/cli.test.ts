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

  it('answers a usage mistake with exit 2 and the usage', () => {
    const { code, out } = manage('perms', 'sync', '--purge');
    expect(code).toBe(2);
    expect(out).toContain('usage: perms list');
  });
});
