import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registry } from '@warden/api';
import { describeEachBackend } from '@warden/db/testing';
import { afterAll, expect, it } from 'vitest';
import { manage as run } from './cli.js';

const serverDir = fileURLToPath(new URL('..', import.meta.url));

// The commands run in-process on the test's database (a process per call cost 4–7 s on a busy
// machine and timed tests out); one test starts the real process, to check its exit code and output.
describeEachBackend('manage perms', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = () => (t.url !== undefined ? { DATABASE_URL: t.url } : { PGLITE_DIR: dir });
  const manage = async (...args: string[]) => {
    const lines: string[] = [];
    const code = await run(args, (line) => lines.push(line), env(), t.handle);
    return { code, out: lines.join('\n') };
  };

  it('syncs permissions idempotently', async () => {
    const first = await manage('perms', 'sync');
    expect(first.code).toBe(0);
    expect(first.out).toContain(`permissions created: ${registry.permissions.length}`);
    expect(first.out).toContain('  + auth.change_user');
    const second = await manage('perms', 'sync', '--prune');
    expect(second.code).toBe(0);
    expect(second.out).toContain('permissions created: 0');
  });

  it('lists codenames as select name, codename from auth_permission', async () => {
    const { code, out } = await manage('perms', 'list');
    expect(code).toBe(0);
    expect(out).toMatch(/^ name +\| codename$/m);
    expect(out).toMatch(/^ Can change user +\| auth\.change_user$/m);
    expect(out).toContain(`(${registry.permissions.length} rows)`);
  });

  it('creates a superuser, changes a password, grants and revokes, refusing mistakes', async () => {
    const made = await manage(
      'createsuperuser',
      '--username',
      'root',
      '--password',
      'root-password-1',
    );
    expect(made).toMatchObject({ code: 0 });
    expect(made.out).toMatch(/superuser 'root' created/);
    expect(
      await manage('createsuperuser', '--username', 'root', '--password', 'root-password-1'),
    ).toMatchObject({
      code: 1,
      out: expect.stringContaining("username 'root' is taken"),
    });
    expect((await manage('changepassword', 'root', '--password', 'another-password')).out).toMatch(
      /password of 'root' changed/,
    );
    expect(
      await manage('changepassword', 'nobody', '--password', 'another-password'),
    ).toMatchObject({
      code: 1,
    });
    expect((await manage('grant', 'user', 'root', 'shop.view_product', '--object', '1')).code).toBe(
      1,
    ); // no product 1 yet
    expect((await manage('grant', 'user', 'root', 'polls.can_vote')).out).toContain(
      "granted polls.can_vote to user 'root'",
    );
    expect((await manage('revoke', 'user', 'root', 'polls.can_vote')).out).toContain(
      "revoked polls.can_vote from user 'root'",
    );
    expect(await manage('grant', 'user', 'root', 'polls.can_add')).toMatchObject({
      code: 1,
      out: expect.stringContaining("did you mean 'polls.add_question'"),
    });
    expect(await manage('why', 'root', 'polls.can_vote')).toEqual({
      code: 0,
      out: 'yes: an active superuser holds every permission',
    });
    expect(await manage('why', 'root', 'polls.can_add')).toMatchObject({
      code: 1,
      out: expect.stringContaining("did you mean 'polls.add_question'"),
    });
    expect(await manage('seed-demo')).toMatchObject({
      code: 1,
      out: expect.stringContaining('has users already'),
    });
  });

  it('creates and lists organizations, whose members and invitations Warden manages', async () => {
    expect(await manage('createorganization', 'Initech')).toEqual({
      code: 0,
      out: expect.stringMatching(/^organization 'Initech' created \(id \d+\)/),
    });
    expect(await manage('createorganization', 'Initech')).toEqual({
      code: 1,
      out: "error: organization 'Initech' exists",
    });
    expect((await manage('createorganization')).code).toBe(2);
    const listed = await manage('organizations');
    const id = /^(\d+) {2}Initech$/m.exec(listed.out)?.[1];
    expect(id).toBeDefined();
    await manage('creategroup', 'Initech staff');
    const sent = await manage('invite', 'Initech staff', '--within', `orgs.organization:${id}`);
    expect(sent.code).toBe(0);
    expect((await manage('invitations', '--within', `orgs.organization:${id}`)).out).toMatch(
      /pending {2}Initech staff/,
    );
  });

  it('prints every procedure with its guard', async () => {
    const { code, out } = await manage('routes');
    expect(code).toBe(0);
    expect(out).toMatch(
      /^shop\.products\.get +query +\(isOwner\(shop\.product\) \| objectPermissions\(shop\.product, change\)\) +orgs\.organization +shop\.view_product$/m,
    );
  });

  it('answers a usage mistake with exit 2 and the usage, as a process', {
    timeout: 120_000,
  }, () => {
    const spawned = spawnSync(
      process.execPath,
      ['--conditions=@warden/source', '--import', 'tsx', 'src/cli.ts', 'perms', 'sync', '--purge'],
      { cwd: serverDir, env: { PATH: process.env.PATH ?? '', ...env() }, encoding: 'utf8' },
    );
    expect(spawned.status).toBe(2);
    expect(spawned.stdout + spawned.stderr).toContain('usage: perms list');
  });
});
