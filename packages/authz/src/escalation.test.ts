import { describeEachBackend } from '@warden/db/testing';
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { makeUsers, registry, setUp } from '../test/fixture.js';
import { ConflictError, PermissionDeniedError } from './errors.js';
import { checkAccountChange } from './escalation.js';
import { user, userGroup, userPermission } from './schema.js';
import type { AuthUser } from './types.js';

// The escalation rules, through the grants API as any caller (admin API, web admin, app) uses it.
// Before them, a staff user with auth.change_user could set a superuser's password, grant
// themselves any codename, join any group, and demote the last superuser.

describeEachBackend('escalation rules', (t) => {
  let made: Awaited<ReturnType<typeof setUp>>;
  const ids: Record<string, number> = {};
  const actor = (name: string): AuthUser => ({
    id: ids[name] ?? -1,
    isActive: true,
    isSuperuser: name.startsWith('root'),
    isStaff: true,
  });
  const denied = (promise: Promise<unknown>, message?: RegExp) =>
    expect(promise).rejects.toThrow(message ?? PermissionDeniedError);
  const rows = async () =>
    (await t.db.select().from(userPermission)).length +
    (await t.db.select().from(userGroup)).length;

  beforeAll(async () => {
    made = await setUp(t.db);
    const { grants } = made;
    Object.assign(
      ids,
      await makeUsers(grants, {
        root: { isSuperuser: true, isStaff: true },
        helpdesk: { isStaff: true },
        editor: {},
        intern: {},
      }),
    );
    for (const c of ['auth.view_user', 'auth.change_user', 'shop.view_product'] as const)
      await grants.grant({ user: { username: 'helpdesk' } }, c);
    await grants.grant({ user: { username: 'helpdesk' } }, 'shop.change_product', 1);
    await grants.grant({ user: { username: 'editor' } }, 'shop.delete_product');
    await grants.grant({ user: { username: 'intern' } }, 'shop.view_product');
    await grants.createGroup('viewers');
    await grants.grant({ group: { name: 'viewers' } }, 'shop.view_product');
    await grants.createGroup('deleters');
    await grants.grant({ group: { name: 'deleters' } }, 'shop.delete_product');
  });

  it('keeps a non-superuser away from superusers', async () => {
    const helpdesk = made.grants.as(actor('helpdesk'));
    const root = ids.root ?? -1;
    await denied(
      t.db.transaction((tx) =>
        checkAccountChange(tx, actor('helpdesk'), root, { password: true }, registry),
      ),
      /only a superuser may change the superuser 'root'/,
    );
    await denied(helpdesk.updateUser(root, { email: 'mine@example.com' }));
    await denied(helpdesk.updateUser(root, { isActive: false }));
    await denied(helpdesk.grant({ user: root }, 'shop.view_product'), /on the superuser 'root'/);
    await denied(helpdesk.addToGroup(root, { name: 'viewers' }));
    await denied(helpdesk.updateUser(ids.intern ?? -1, { isSuperuser: true }));
    await denied(helpdesk.createUser({ username: 'evil', isSuperuser: true }));
    const [row] = await t.db.select().from(user).where(eq(user.id, root));
    expect(row).toMatchObject({ isActive: true, email: '' });
  });

  it('lets nobody grant or revoke what they do not hold', async () => {
    const before = await rows();
    const helpdesk = made.grants.as(actor('helpdesk'));
    const self = { user: ids.helpdesk ?? -1 };
    await denied(
      helpdesk.grant(self, 'auth.change_group'),
      /you may not grant or revoke 'auth.change_group': you do not hold it/,
    );
    await denied(helpdesk.grant(self, 'shop.delete_product'));
    await denied(helpdesk.revoke({ user: ids.editor ?? -1 }, 'shop.delete_product'));
    await denied(helpdesk.grant({ user: ids.intern ?? -1 }, 'shop.change_product', 2));
    expect(await rows()).toBe(before);
    // What they hold, they may pass on: a model grant, and an object grant on their object.
    await helpdesk.grant({ user: ids.intern ?? -1 }, 'auth.view_user');
    await helpdesk.grant({ user: ids.intern ?? -1 }, 'shop.change_product', 1);
    expect(await made.authz.hasPerm(actor('intern'), 'shop.change_product', 1)).toBe(true);
  });

  it('lets nobody change the members of a group stronger than themselves', async () => {
    const helpdesk = made.grants.as(actor('helpdesk'));
    await denied(
      helpdesk.addToGroup(ids.helpdesk ?? -1, { name: 'deleters' }),
      /group 'deleters' holds what you do not \(shop.delete_product\)/,
    );
    await denied(helpdesk.removeFromGroup(ids.editor ?? -1, { name: 'deleters' }));
    await helpdesk.addToGroup(ids.intern ?? -1, { name: 'viewers' });
  });

  it('lets nobody take over an account that holds more than they do', async () => {
    const takeover = (target: string) =>
      t.db.transaction((tx) =>
        checkAccountChange(tx, actor('helpdesk'), ids[target] ?? -1, { password: true }, registry),
      );
    await denied(takeover('editor'), /'editor' holds what you do not \(shop.delete_product\)/);
    await takeover('intern'); // holds nothing helpdesk lacks
    await denied(
      made.grants.as(actor('helpdesk')).updateUser(ids.editor ?? -1, { email: 'x@y.z' }),
    );
  });

  it('re-reads the actor: a deactivated admin’s stale session changes nothing', async () => {
    const { id } = await made.grants.createUser({ username: 'root2', isSuperuser: true });
    ids.root2 = id;
    await made.grants.updateUser(id, { isActive: false });
    await denied(
      made.grants.as(actor('root2')).grant({ user: ids.intern ?? -1 }, 'shop.delete_product'),
      /the acting user is not an active user/,
    );
  });

  it('never demotes or deactivates the last active superuser, not even as the operator', async () => {
    const root = ids.root ?? -1;
    await expect(made.grants.updateUser(root, { isSuperuser: false })).rejects.toThrow(
      new ConflictError("'root' is the last active superuser: make another user superuser first"),
    );
    await expect(
      made.grants.as(actor('root')).updateUser(root, { isActive: false }),
    ).rejects.toThrow(ConflictError);
    // With a second superuser, one may go; when both demote each other at once, one must fail.
    const { id: other } = await made.grants.createUser({ username: 'root3', isSuperuser: true });
    const results = await Promise.allSettled([
      made.grants.as(actor('root')).updateUser(other, { isSuperuser: false }),
      made.grants.as({ ...actor('root'), id: other }).updateUser(root, { isSuperuser: false }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const supers = await t.db.select({ id: user.id }).from(user).where(eq(user.isSuperuser, true));
    expect(supers.filter((s) => s.id === root || s.id === other)).toHaveLength(1);
  });
});
