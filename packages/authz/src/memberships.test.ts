import { describeEachBackend } from '@warden/db/testing';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { organization, scopedRegistry, setUpScoped } from '../test/scoped-fixture.js';
import { readAuditLog } from './audit.js';
import { createMemberships } from './memberships.js';
import { invitation, user } from './schema.js';
import { within } from './scoped-grants.js';
import type { AuthUser } from './types.js';

// An organization's own admins: members and roles changed under the scoped escalation rules, and
// invitations (hashed, expiring, single-use links) that are checked again when accepted.

describeEachBackend('memberships: tenant admins and invitations', (t) => {
  let made: Awaited<ReturnType<typeof setUpScoped>>;
  let clock = new Date('2026-12-01T12:00:00Z');
  let members: ReturnType<typeof createMemberships<typeof scopedRegistry.apps, string>>;
  const users: Record<string, AuthUser> = {};
  const as = (name: string): AuthUser =>
    users[name] ?? { id: -1, isActive: true, isSuperuser: false };
  const org = (id: number) => within(organization, id);
  const rolesOf = async (name: string, id: number) =>
    (await members.list(org(id))).find((m) => m.username === name)?.roles ?? [];

  beforeAll(async () => {
    made = await setUpScoped(t.db);
    members = createMemberships({ db: t.db, registry: scopedRegistry, now: () => clock });
    const { grants } = made;
    for (const name of ['admin', 'bob', 'cat', 'dan']) {
      const { id } = await grants.createUser({ username: name });
      users[name] = { id, isActive: true, isSuperuser: false };
    }
    await grants.createGroup('Org admins');
    for (const c of ['orgs.view_task', 'orgs.change_task', 'orgs.change_organization'] as const)
      await grants.grant({ group: { name: 'Org admins' } }, c);
    await grants.createGroup('Task editors');
    for (const c of ['orgs.view_task', 'orgs.change_task'] as const)
      await grants.grant({ group: { name: 'Task editors' } }, c);
    await grants.createGroup('Deleters');
    await grants.grant({ group: { name: 'Deleters' } }, 'orgs.delete_task');
    await grants.addToGroup({ username: 'admin' }, { name: 'Org admins' }, org(1));
  });

  it('lets an admin of an organization set roles there, only roles whose grants they hold there', async () => {
    const admin = members.as(as('admin'));
    await admin.setRoles({ username: 'bob' }, [{ name: 'Task editors' }], org(1));
    expect(await rolesOf('bob', 1)).toEqual(['Task editors']);
    await expect(
      admin.setRoles({ username: 'bob' }, [{ name: 'Task editors' }], org(2)),
    ).rejects.toThrow(/within orgs\.organization:2.*orgs\.change_task/);
    // One role refused refuses the change: bob keeps exactly what he had.
    await expect(
      admin.setRoles({ username: 'bob' }, [{ name: 'Org admins' }, { name: 'Deleters' }], org(1)),
    ).rejects.toThrow(/orgs\.delete_task/);
    expect(await rolesOf('bob', 1)).toEqual(['Task editors']);
    await admin.setRoles({ username: 'bob' }, [{ name: 'Org admins' }], org(1));
    expect(await rolesOf('bob', 1)).toEqual(['Org admins']);
    await admin.remove({ username: 'bob' }, org(1));
    expect(await rolesOf('bob', 1)).toEqual([]);
    const log = await readAuditLog(t.db, { action: 'remove-member' });
    expect(log[0]).toMatchObject({ actor: 'admin', scope: 'orgs.organization:1' });
  });

  it('sends an invitation whose token is stored only as its hash, and joins once by it', async () => {
    const sent = await members.as(as('admin')).invite({
      within: org(1),
      roles: [{ name: 'Task editors' }],
      email: 'cat@example.com',
    });
    expect(sent.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await t.db.select().from(invitation).where(eq(invitation.id, sent.id));
    expect(stored[0]?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(sent.token);
    expect(await members.peek(sent.token)).toMatchObject({
      scope: { appLabel: 'orgs', model: 'organization', key: '1' },
      roles: ['Task editors'],
      invitedBy: 'admin',
      status: 'pending',
    });
    const joined = await members.accept(sent.token, as('cat'));
    expect(joined).toMatchObject({ roles: ['Task editors'], scope: { key: '1' } });
    expect(await made.authz.hasPerm(as('cat'), 'orgs.change_task', 1)).toBe(true);
    expect(await made.authz.hasPerm(as('cat'), 'orgs.change_task', 5)).toBe(false);
    await expect(members.accept(sent.token, as('dan'))).rejects.toThrow(/already used/);
    expect(await rolesOf('dan', 1)).toEqual([]);
    expect((await members.invitations(org(1)))[0]).toMatchObject({
      status: 'accepted',
      acceptedBy: 'cat',
    });
  });

  it('refuses an invitation giving a role the sender does not hold there', async () => {
    await expect(
      members.as(as('admin')).invite({ within: org(1), roles: [{ name: 'Deleters' }] }),
    ).rejects.toThrow(/orgs\.delete_task/);
    await expect(
      members.as(as('admin')).invite({ within: org(2), roles: [{ name: 'Task editors' }] }),
    ).rejects.toThrow(/within orgs\.organization:2/);
  });

  it('lets one of two concurrent accepts of a link join, and the other find it used', async () => {
    const { token } = await members.invite({ within: org(2), roles: [{ name: 'Task editors' }] });
    const results = await Promise.allSettled([
      members.accept(token, as('bob')),
      members.accept(token, as('dan')),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected');
    expect(failed?.status === 'rejected' && String(failed.reason)).toMatch(/already used/);
    const joined = (await members.list(org(2))).map((m) => m.username);
    expect(joined.filter((n) => n === 'bob' || n === 'dan')).toHaveLength(1);
  });

  it('refuses an expired link, and one whose sender may no longer give its roles', async () => {
    const expiring = await members.as(as('admin')).invite({
      within: org(1),
      roles: [{ name: 'Task editors' }],
      expiresInDays: 1,
    });
    clock = new Date(clock.getTime() + 2 * 86_400_000);
    await expect(members.accept(expiring.token, as('dan'))).rejects.toThrow(/expired/);
    expect((await members.peek(expiring.token))?.status).toBe('expired');

    const stale = await members.as(as('admin')).invite({
      within: org(1),
      roles: [{ name: 'Task editors' }],
    });
    await made.grants.removeFromGroup({ username: 'admin' }, { name: 'Org admins' }, org(1));
    await expect(members.accept(stale.token, as('dan'))).rejects.toThrow(/no longer valid/);
    expect((await members.peek(stale.token))?.status).toBe('pending');
    await made.grants.addToGroup({ username: 'admin' }, { name: 'Org admins' }, org(1));
    await members.accept(stale.token, as('dan'));
    expect(await rolesOf('dan', 1)).toEqual(['Task editors']);
  });

  it('creates the account and joins it in one change, or neither', async () => {
    const sent = await members.invite({ within: org(3), roles: [{ name: 'Task editors' }] });
    await expect(
      members.acceptNewAccount(sent.token, { username: 'BOB', passwordHash: 'x' }),
    ).rejects.toThrow(/taken/);
    expect((await members.peek(sent.token))?.status).toBe('pending');
    const joined = await members.acceptNewAccount(sent.token, {
      username: 'erin',
      email: 'erin@example.com',
      passwordHash: 'x',
    });
    expect(await rolesOf('erin', 3)).toEqual(['Task editors']);
    const [row] = await t.db.select().from(user).where(eq(user.id, joined.userId));
    expect(row).toMatchObject({ username: 'erin', isActive: true, isStaff: false });

    const expired = await members.invite({
      within: org(3),
      roles: [{ name: 'Task editors' }],
      expiresInDays: 1,
    });
    clock = new Date(clock.getTime() + 2 * 86_400_000);
    await expect(
      members.acceptNewAccount(expired.token, { username: 'fay', passwordHash: 'x' }),
    ).rejects.toThrow(/expired/);
    expect(await t.db.select().from(user).where(eq(user.username, 'fay'))).toEqual([]);
  });

  it('withdraws a pending invitation; a withdrawn or malformed link names nothing', async () => {
    const sent = await members.as(as('admin')).invite({
      within: org(1),
      roles: [{ name: 'Task editors' }],
    });
    await expect(members.as(as('bob')).withdraw(sent.id)).rejects.toThrow(/orgs\.change_task/);
    await members.as(as('admin')).withdraw(sent.id);
    expect(await members.peek(sent.token)).toBeUndefined();
    await expect(members.accept(sent.token, as('bob'))).rejects.toThrow(/does not exist or was/);
    await expect(members.accept('short', as('bob'))).rejects.toThrow(/does not exist or was/);
    const log = await readAuditLog(t.db, { action: 'uninvite' });
    expect(log[0]).toMatchObject({ actor: 'admin', scope: 'orgs.organization:1' });
  });

  it('drops the pending invitations of a deleted organization', async () => {
    const sent = await members.invite({ within: org(3), roles: [{ name: 'Task editors' }] });
    await t.db.execute(sql`delete from orgs_organization where id = 3`);
    expect(await members.peek(sent.token)).toBeUndefined();
    const log = await readAuditLog(t.db, { action: 'uninvite' });
    expect(log[0]).toMatchObject({ via: 'trigger', scope: 'orgs.organization:3' });
  });
});
