import { registry, seedDemo } from '@warden/api';
import { hashPassword } from '@warden/auth';
import { createGrants } from '@warden/authz';
import { describeEachBackend } from '@warden/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { codeOf, startServer, Visitor } from './live-server.js';

// Round 3 of the security review, over real HTTP: the takeovers that went around the escalation
// rules. A staffer holding the same grants as the demo's `owner` (shop.add_product) plus the admin
// permissions to change users and delete groups. Each attack answered 200 before.
describeEachBackend('takeover around the rules, over HTTP', (t) => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let admin: Visitor;
  let staffer: Visitor;
  const ids: Record<string, number> = {};
  const id = (name: string) => ids[name] ?? -1;
  const canLogIn = (username: string, password: string) =>
    new Visitor(server.url).login(username, password).then(
      () => true,
      () => false,
    );

  beforeAll(async () => {
    await seedDemo(t.db);
    const grants = createGrants({ db: t.db, registry });
    const passwordHash = await hashPassword('staffer-password-1');
    await grants.createUser({ username: 'staffer', passwordHash, isStaff: true });
    await grants.createUser({ username: 'senior', passwordHash, isStaff: true });
    for (const c of [
      'auth.view_user',
      'auth.change_user',
      'auth.view_group',
      'auth.delete_group',
      'shop.add_product',
    ] as const)
      await grants.grant({ user: { username: 'staffer' } }, c);
    await grants.grant({ user: { username: 'senior' } }, 'auth.add_group');
    server = await startServer(t.handle);
    admin = await new Visitor(server.url).login('admin', 'admin-demo-pw');
    staffer = await new Visitor(server.url).login('staffer', 'staffer-password-1');
    for (const u of (await admin.trpc.admin.users.list.query({ pageSize: 100 })).items)
      ids[u.username] = u.id;
  });
  afterAll(() => server.close());

  it('does not let a group delete strip the victim for a password reset', async () => {
    const editors = (await admin.trpc.admin.groups.list.query()).find((g) => g.name === 'Editors');
    if (editors === undefined) throw new Error('no Editors group');
    const deletion = staffer.trpc.admin.groups.delete.mutate({ id: editors.id });
    expect(await codeOf(deletion)).toBe('FORBIDDEN');
    await expect(deletion).rejects.toThrow(/group 'Editors' holds what you do not/);
    const reset = staffer.trpc.admin.users.setPassword.mutate({
      id: id('editor'),
      password: 'owned-by-staffer',
    });
    expect(await codeOf(reset)).toBe('FORBIDDEN');
    expect(await canLogIn('editor', 'editor-demo-pw')).toBe(true);
    const after = (await admin.trpc.admin.groups.list.query()).find((g) => g.name === 'Editors');
    expect(after?.members).toBe(1);
  });

  it('does not let a staffer log in as an owner to change what the owner owns', async () => {
    const reset = staffer.trpc.admin.users.setPassword.mutate({
      id: id('owner'),
      password: 'owned-by-staffer',
    });
    expect(await codeOf(reset)).toBe('FORBIDDEN');
    await expect(reset).rejects.toThrow(/'owner' holds what you do not \(shop.change_product on/);
    expect(
      await codeOf(
        staffer.trpc.admin.users.update.mutate({ id: id('owner'), email: 'x@evil.example' }),
      ),
    ).toBe('FORBIDDEN');
    expect(await canLogIn('owner', 'owned-by-staffer')).toBe(false);
    expect(await canLogIn('owner', 'owner-demo-pw')).toBe(true);
  });

  it('does not let a staffer lock out a user who holds more', async () => {
    for (const [target, change] of [
      ['editor', { isActive: false }],
      ['senior', { isActive: false }],
      ['senior', { isStaff: false }],
    ] as const) {
      const attack = staffer.trpc.admin.users.update.mutate({ id: id(target), ...change });
      expect(await codeOf(attack), `${target} ${JSON.stringify(change)}`).toBe('FORBIDDEN');
    }
    expect(await canLogIn('senior', 'staffer-password-1')).toBe(true);
    // The inactive demo user holds nothing the staffer lacks: its flags are the staffer's to change.
    expect(
      await codeOf(staffer.trpc.admin.users.update.mutate({ id: id('inactive'), isActive: true })),
    ).toBe('OK');
  });

  it('sets one’s own password only with the current one', async () => {
    const own = (extra: { currentPassword?: string }) =>
      staffer.trpc.admin.users.setPassword.mutate({
        id: id('staffer'),
        password: 'staffer-password-2',
        ...extra,
      });
    expect(await codeOf(own({}))).toBe('FORBIDDEN');
    expect(await codeOf(own({ currentPassword: 'not-my-password' }))).toBe('FORBIDDEN');
    expect(await canLogIn('staffer', 'staffer-password-1')).toBe(true);
    expect(await codeOf(own({ currentPassword: 'staffer-password-1' }))).toBe('OK');
    expect(await canLogIn('staffer', 'staffer-password-2')).toBe(true);
    // The session that asked is kept, as after auth.changePassword.
    expect((await staffer.trpc.auth.me.query()).user?.username).toBe('staffer');
  });
});
