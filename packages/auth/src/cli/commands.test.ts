import { PassThrough } from 'node:stream';
import { initTRPC } from '@trpc/server';
import { describeEachBackend } from '@warden/db/testing';
import { beforeAll, expect, it } from 'vitest';
import { registry, seedUsers } from '../../test/fixture.js';
import { createApiTokens } from '../api-tokens.js';
import { createGuards } from '../trpc.js';
import { runWardenCommand } from './commands.js';
import type { RouterLike } from './usage.js';

describeEachBackend('warden commands', (t) => {
  beforeAll(() => seedUsers(t.db));

  const run = async (
    args: string[],
    options: { stdin?: string; env?: Record<string, string>; router?: RouterLike } = {},
  ) => {
    const lines: string[] = [];
    const input = new PassThrough();
    if (options.stdin !== undefined) input.end(options.stdin);
    else input.end();
    const code = await runWardenCommand(args, {
      db: t.db,
      registry,
      router: options.router,
      out: (line) => lines.push(line),
      env: options.env ?? {},
      prompt: { input, output: new PassThrough() },
    });
    return { code, out: lines.join('\n') };
  };

  it('creates a superuser with the password from a pipe (a prompt on a terminal)', async () => {
    expect(
      await run(['createsuperuser', '--username', 'root'], { stdin: 'root-password-1\n' }),
    ).toEqual({
      code: 0,
      out: expect.stringMatching(/^superuser 'root' created \(id \d+\)$/),
    });
    expect(await run(['createsuperuser', '--username', 'nopw'])).toMatchObject({
      code: 2,
      out: expect.stringContaining('no password given'),
    });
    expect(
      await run(['createsuperuser', '--username', 'short'], { env: { PASSWORD: 'short' } }),
    ).toMatchObject({
      code: 2,
      out: expect.stringContaining('8+ characters'),
    });
    expect(
      await run(['createsuperuser', '--username', 'root', '--password', 'root-password-1']),
    ).toMatchObject({
      code: 1,
      out: expect.stringContaining("username 'root' is taken"),
    });
  });

  it('mints a token that authenticates as the user, and ends it with a password change', async () => {
    const made = await run(['createtoken', 'root', '--name', 'deploy', '--days', '30']);
    expect(made.code).toBe(0);
    const tokens = createApiTokens({ db: t.db });
    const valid = await tokens.validate(made.out);
    expect(valid).toMatchObject({ ok: true });
    expect(await run(['changepassword', 'root'], { stdin: 'another-password\n' })).toMatchObject({
      code: 0,
      out: expect.stringContaining('1 API token(s) ended'),
    });
    expect(await tokens.validate(made.out)).toMatchObject({ ok: false });
    expect(await run(['createtoken', 'nobody'])).toMatchObject({ code: 1 });
    expect(await run(['createtoken', 'root', '--days', 'soon'])).toMatchObject({ code: 2 });
  });

  it('grants, revokes and explains, refusing unknown codenames with a suggestion', async () => {
    expect(
      await run(['createuser', '--username', 'ann', '--staff'], {
        env: { PASSWORD: 'ann-password' },
      }),
    ).toMatchObject({ code: 0, out: expect.stringMatching(/^user 'ann' created/) });
    expect(await run(['grant', 'user', 'ann', 'auth.view_user'])).toEqual({
      code: 0,
      out: "granted auth.view_user to user 'ann'",
    });
    expect((await run(['why', 'ann', 'auth.view_user'])).out).toMatch(/^yes: /);
    expect((await run(['revoke', 'user', 'ann', 'auth.view_user'])).code).toBe(0);
    expect((await run(['why', 'ann', 'auth.view_user'])).out).toMatch(/^no: /);
    expect(await run(['grant', 'group', 'nobody', 'auth.view_user'])).toMatchObject({ code: 1 });
    expect(await run(['grant', 'user', 'ann', 'auth.view_usr'])).toMatchObject({
      code: 1,
      out: expect.stringContaining("did you mean 'auth.view_user'"),
    });
  });

  it("applies Warden's migrations, saying what each source applied", async () => {
    // The test database was built from the same sources, so nothing is left to apply.
    expect(await run(['migrate'])).toEqual({
      code: 0,
      out: '__warden_authz_migrations: 0 applied, 7 in all\n__warden_auth_migrations: 0 applied, 5 in all',
    });
  });

  it('prints the cleanup triggers for a migration, and its usage for a mistake', async () => {
    // This registry holds authz's tables only, whose triggers come with authz's migrations.
    expect((await run(['triggers'])).out).toBe(
      "-- no tables of the app are registered: authz's migrations have the triggers of its own",
    );
    expect(await run(['nonsense'])).toMatchObject({
      code: 2,
      out: expect.stringContaining('usage: warden'),
    });
  });

  it('creates a group and changes its members', async () => {
    await run(['createuser', '--username', 'member', '--password', 'member-password-1']);
    expect(await run(['creategroup', 'Editors'])).toEqual({
      code: 0,
      out: expect.stringMatching(/^group 'Editors' created \(id \d+\)$/),
    });
    expect(await run(['addmember', 'member', 'Editors'])).toEqual({
      code: 0,
      out: "'member' is a member of 'Editors'",
    });
    expect(await run(['removemember', 'member', 'Editors'])).toEqual({
      code: 0,
      out: "'member' is not a member of 'Editors'",
    });
    expect(await run(['addmember', 'member', 'Ghosts'])).toEqual({
      code: 1,
      out: "error: group 'Ghosts' does not exist",
    });
    expect(await run(['creategroup', 'Editors'])).toMatchObject({ code: 1 });
    expect(await run(['addmember', 'member'])).toMatchObject({ code: 2 });
  });

  it('lists the routes of the config’s router with their guards', async () => {
    const { protect, perms } = createGuards({ db: t.db, registry });
    const trpc = initTRPC.context<{ user: null }>().create();
    const router = trpc.router({
      me: trpc.procedure.use(protect(perms.isAuthenticated)).query(() => 'me'),
      users: trpc.procedure
        .use(protect(perms.permissionRequired('auth.view_user')))
        .query(() => []),
    });
    const listed = await run(['routes'], { router });
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^me +query +isAuthenticated/m);
    expect(listed.out).toMatch(
      /^users +query +permissionRequired\(auth\.view_user\) +auth\.view_user$/m,
    );
    expect(await run(['routes'])).toMatchObject({
      code: 2,
      out: expect.stringContaining('routes needs `router` in warden.config.js'),
    });
  });
});
