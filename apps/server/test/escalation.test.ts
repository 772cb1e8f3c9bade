import { registry, seedDemo } from '@warden/api';
import { hashPassword } from '@warden/auth';
import { createGrants } from '@warden/authz';
import { describeEachBackend } from '@warden/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { codeOf, startServer, Visitor } from './live-server.js';

// The attacks of the security review, over real HTTP as the weakest user who could try them: a
// staff user holding only auth.view_user + auth.change_user ("helpdesk"), and one who may also
// edit groups ("groupdesk"). Each answered 200 before the escalation rules.
describeEachBackend('privilege escalation over HTTP', (t) => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let admin: Visitor;
  let helpdesk: Visitor;
  let groupdesk: Visitor;
  const ids: Record<string, number> = {};
  const id = (name: string) => ids[name] ?? -1;

  beforeAll(async () => {
    await seedDemo(t.db);
    const grants = createGrants({ db: t.db, registry });
    const passwordHash = await hashPassword('desk-password-1');
    for (const name of ['helpdesk', 'groupdesk']) {
      await grants.createUser({ username: name, passwordHash, isStaff: true });
      for (const c of ['auth.view_user', 'auth.change_user'] as const)
        await grants.grant({ user: { username: name } }, c);
    }
    for (const c of ['auth.view_group', 'auth.change_group'] as const)
      await grants.grant({ user: { username: 'groupdesk' } }, c);
    server = await startServer(t.handle);
    admin = await new Visitor(server.url).login('admin', 'admin-demo-pw');
    helpdesk = await new Visitor(server.url).login('helpdesk', 'desk-password-1');
    groupdesk = await new Visitor(server.url).login('groupdesk', 'desk-password-1');
    for (const u of (await admin.trpc.admin.users.list.query({ pageSize: 100 })).items)
      ids[u.username] = u.id;
  });
  afterAll(() => server.close());

  it('does not let a staff user take over the superuser', async () => {
    const attack = helpdesk.trpc.admin.users.setPassword.mutate({
      id: id('admin'),
      password: 'owned-by-helpdesk',
    });
    expect(await codeOf(attack)).toBe('FORBIDDEN');
    await expect(attack).rejects.toThrow("only a superuser may change the superuser 'admin'");
    await expect(new Visitor(server.url).login('admin', 'owned-by-helpdesk')).rejects.toThrow(
      /401/,
    );
    await new Visitor(server.url).login('admin', 'admin-demo-pw'); // unchanged
    for (const change of [
      { email: 'helpdesk@evil.example' },
      { isActive: false },
      { isStaff: false },
    ])
      expect(
        await codeOf(helpdesk.trpc.admin.users.update.mutate({ id: id('admin'), ...change })),
      ).toBe('FORBIDDEN');
  });

  it('does not let a staff user take over a user who holds more than they do', async () => {
    expect(
      await codeOf(
        helpdesk.trpc.admin.users.setPassword.mutate({ id: id('editor'), password: 'owned-1234' }),
      ),
    ).toBe('FORBIDDEN');
    // The inactive demo user holds nothing helpdesk lacks: that reset is theirs to make.
    expect(
      await codeOf(
        helpdesk.trpc.admin.users.setPassword.mutate({
          id: id('inactive'),
          password: 'fresh-password-1',
        }),
      ),
    ).toBe('OK');
  });

  it('does not let anyone grant themselves what they lack', async () => {
    for (const codename of ['auth.change_group', 'shop.delete_product'] as const) {
      const attack = helpdesk.trpc.admin.grants.grant.mutate({
        target: { userId: id('helpdesk') },
        codename,
      });
      expect(await codeOf(attack)).toBe('FORBIDDEN');
    }
    expect((await helpdesk.trpc.auth.me.query()).permissions).toEqual([
      'auth.change_user',
      'auth.view_user',
    ]);
    // What they hold they may pass on.
    expect(
      await codeOf(
        helpdesk.trpc.admin.grants.grant.mutate({
          target: { userId: id('viewer') },
          codename: 'auth.view_user',
        }),
      ),
    ).toBe('OK');
  });

  it('does not let anyone join, or add others to, a stronger group', async () => {
    const editors = (await admin.trpc.admin.groups.list.query()).find((g) => g.name === 'Editors');
    if (editors === undefined) throw new Error('no Editors group');
    const attack = groupdesk.trpc.admin.groups.addMember.mutate({
      groupId: editors.id,
      userId: id('groupdesk'),
    });
    expect(await codeOf(attack)).toBe('FORBIDDEN');
    await expect(attack).rejects.toThrow(/group 'Editors' holds what you do not/);
    expect((await groupdesk.trpc.auth.me.query()).permissions).not.toContain('shop.add_product');
  });

  it('audits what was allowed, with who and how, and nothing that was refused', async () => {
    const rows = await admin.trpc.admin.audit.query({ userId: id('helpdesk') });
    const mine = rows.filter((r) => r.actor === 'helpdesk');
    expect(mine.map((r) => [r.action, r.via, r.targetUserId, r.codename])).toEqual([
      ['grant', 'session', id('viewer'), 'auth.view_user'],
      ['set-password', 'session', id('inactive'), null],
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/argon2|fresh-password/);
  });

  it('never leaves the site without an active superuser', async () => {
    for (const change of [{ isSuperuser: false }, { isActive: false }]) {
      const demote = admin.trpc.admin.users.update.mutate({ id: id('admin'), ...change });
      expect(await codeOf(demote)).toBe('CONFLICT');
    }
    expect((await admin.trpc.auth.me.query()).user?.isSuperuser).toBe(true);
  });
});
