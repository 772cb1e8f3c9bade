import { describeEachBackend } from '@warden/db/testing';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { makeUsers, registry, setUp } from '../test/fixture.js';
import { readAuditLog } from './audit.js';
import { PermissionDeniedError } from './errors.js';
import { checkAccountChange } from './escalation.js';
import { group, user } from './schema.js';
import type { AuthUser } from './types.js';

// The indirect ways to take over an account that the security review of round 3 found: delete the
// victim's group first (the victim then holds nothing the actor lacks), log in as an owner (its
// rows are powers no grant row records), lock a stronger admin out. Each answered yes before.

describeEachBackend('takeover by deletion, ownership and lock-out', (t) => {
  let made: Awaited<ReturnType<typeof setUp>>;
  const ids: Record<string, number> = {};
  const id = (name: string) => ids[name] ?? -1;
  const actor = (name: string): AuthUser => ({
    id: id(name),
    isActive: true,
    isSuperuser: name === 'root',
    isStaff: true,
  });
  const denied = (promise: Promise<unknown>, message: RegExp) =>
    expect(promise).rejects.toThrow(message);
  const setPasswordCheck = (by: string, target: string) =>
    t.db.transaction((tx) =>
      checkAccountChange(tx, actor(by), id(target), { password: true }, registry),
    );
  const groupNamed = async (name: string) =>
    (await t.db.select({ id: group.id }).from(group).where(eq(group.name, name)))[0];

  beforeAll(async () => {
    made = await setUp(t.db);
    const { grants } = made;
    Object.assign(
      ids,
      await makeUsers(grants, {
        root: { isSuperuser: true, isStaff: true },
        staffer: { isStaff: true },
        victim: {},
        member: {},
        owner: {},
        stronger: { isStaff: true },
      }),
    );
    for (const c of ['auth.change_user', 'auth.delete_group', 'shop.view_product'] as const)
      await grants.grant({ user: { username: 'staffer' } }, c);
    await grants.createGroup('deleters');
    await grants.grant({ group: { name: 'deleters' } }, 'shop.delete_product');
    await grants.addToGroup({ username: 'victim' }, { name: 'deleters' });
    await grants.createGroup('roots');
    await grants.addToGroup({ username: 'root' }, { name: 'roots' });
    await grants.createGroup('readers');
    await grants.grant({ group: { name: 'readers' } }, 'shop.view_product');
    await grants.grant({ group: { name: 'readers' } }, 'shop.view_product', 3);
    await grants.addToGroup({ username: 'member' }, { name: 'readers' });
    // The owner holds what the staffer holds, and owns products 5 and 6.
    await grants.grant({ user: { username: 'owner' } }, 'shop.view_product');
    await t.db.execute(sql`update shop_product set owner_id = ${id('owner')} where id in (5, 6)`);
    await grants.grant({ user: { username: 'stronger' } }, 'shop.delete_product');
  });

  it('refuses to delete a group whose grants the actor does not hold, and so the takeover after', async () => {
    const staffer = made.grants.as(actor('staffer'));
    await denied(
      staffer.deleteGroup({ name: 'deleters' }),
      /group 'deleters' holds what you do not \(shop.delete_product\): only someone who holds all of it may delete it/,
    );
    expect(await groupNamed('deleters')).toBeDefined();
    // The victim still holds what the staffer lacks, so its password stays out of reach.
    await denied(setPasswordCheck('staffer', 'victim'), /'victim' holds what you do not/);
  });

  it('leaves a group with a superuser member to superusers', async () => {
    await denied(
      made.grants.as(actor('staffer')).deleteGroup({ name: 'roots' }),
      /only a superuser may delete group 'roots': its member 'root' is a superuser/,
    );
    expect(await groupNamed('roots')).toBeDefined();
  });

  it('deletes a group the actor could have emptied, and records what the delete ended', async () => {
    const readers = await groupNamed('readers');
    await made.grants.as(actor('staffer'), { via: 'session' }).deleteGroup({ name: 'readers' });
    expect(await groupNamed('readers')).toBeUndefined();
    const [entry] = await readAuditLog(t.db, { action: 'delete-group' });
    expect(entry).toMatchObject({
      actorId: id('staffer'),
      via: 'session',
      targetGroupId: readers?.id,
      before: {
        name: 'readers',
        members: [{ id: id('member'), username: 'member' }],
        permissions: ['shop.view_product'],
        objectPermissions: [{ codename: 'shop.view_product', objectId: '3' }],
      },
    });
  });

  it('counts owned rows as held: an owner is taken over only by who may change and delete them', async () => {
    await denied(
      setPasswordCheck('staffer', 'owner'),
      /'owner' holds what you do not \(shop.change_product on 5, shop.change_product on 6, shop.delete_product on 5, shop.delete_product on 6\): only someone who holds all of it may set their password/,
    );
    await denied(
      made.grants.as(actor('staffer')).updateUser(id('owner'), { email: 'mine@example.com' }),
      /'owner' holds what you do not/,
    );
    // Holding change and delete on each owned row (object grants are enough) lifts the refusal.
    for (const key of [5, 6])
      for (const c of ['shop.change_product', 'shop.delete_product'] as const)
        await made.grants.grant({ user: id('staffer') }, c, key);
    await setPasswordCheck('staffer', 'owner');
    // Ownership is a power the owner may share, as any object grant it holds.
    await made.grants.as(actor('owner')).grant({ user: id('member') }, 'shop.change_product', 5);
    await denied(
      made.grants.as(actor('owner')).grant({ user: id('member') }, 'shop.change_product', 7),
      /you may not grant or revoke 'shop.change_product' on object 7: you do not hold it/,
    );
  });

  it('refuses to deactivate or un-staff a user who holds more than the actor', async () => {
    const staffer = made.grants.as(actor('staffer'));
    await denied(
      staffer.updateUser(id('stronger'), { isActive: false }),
      /'stronger' holds what you do not \(shop.delete_product\): only someone who holds all of it may deactivate them/,
    );
    await denied(
      staffer.updateUser(id('stronger'), { isStaff: false }),
      /may take their staff status/,
    );
    const [row] = await t.db
      .select({ isActive: user.isActive, isStaff: user.isStaff })
      .from(user)
      .where(and(eq(user.id, id('stronger'))));
    expect(row).toEqual({ isActive: true, isStaff: true });
    // A user holding nothing the staffer lacks may be deactivated, and one may deactivate oneself.
    await staffer.updateUser(id('member'), { isActive: false });
    await made.grants.as(actor('stronger')).updateUser(id('stronger'), { isStaff: false });
    await expect(staffer.updateUser(id('victim'), { isActive: false })).rejects.toThrow(
      PermissionDeniedError,
    );
  });
});
