import { describeEachBackend } from '@warden/db/testing';
import { beforeAll, expect, it } from 'vitest';
import { setUp } from '../test/fixture.js';
import { readAuditLog } from './audit.js';
import { OPERATOR } from './escalation.js';
import type { AuthUser } from './types.js';

// Every change through the grants API leaves one audit row in its own transaction: none for a
// refused change or a no-op, and never a secret.
describeEachBackend('the audit log', (t) => {
  let made: Awaited<ReturnType<typeof setUp>>;
  let root: AuthUser;
  let ann = 0;

  beforeAll(async () => {
    made = await setUp(t.db);
    const { id } = await made.grants.createUser({
      username: 'root',
      isSuperuser: true,
      passwordHash: 'x',
    });
    root = { id, isActive: true, isSuperuser: true };
    ann = (await made.grants.as(root, { via: 'session' }).createUser({ username: 'ann' })).id;
  });

  it('records who changed what, how, before and after', async () => {
    const asRoot = made.grants.as(root, { via: 'token' });
    const { id: editors } = await asRoot.createGroup('editors');
    await asRoot.grant({ group: editors }, 'shop.change_product');
    await asRoot.grant({ group: editors }, 'shop.change_product'); // no-op: no row
    await asRoot.addToGroup(ann, editors);
    await asRoot.grant({ user: ann }, 'shop.view_product', 3);
    await asRoot.updateUser(ann, { isStaff: true });
    await asRoot.revoke({ user: ann }, 'shop.view_product', 3);
    await asRoot.deleteGroup(editors);
    const rows = await readAuditLog(t.db, { userId: ann });
    expect(rows.map((r) => [r.action, r.actor, r.via, r.codename, r.objectPk])).toEqual([
      ['revoke', 'root', 'token', 'shop.view_product', '3'],
      ['update-user', 'root', 'token', null, null],
      ['grant', 'root', 'token', 'shop.view_product', '3'],
      ['add-member', 'root', 'token', null, null],
      ['create-user', 'root', 'session', null, null],
    ]);
    expect(rows[1]).toMatchObject({
      before: { isStaff: false, email: '' },
      after: { isStaff: true, email: '' },
    });
    const groupRows = await readAuditLog(t.db, { action: 'grant' });
    expect(groupRows.filter((r) => r.targetGroupId === editors)).toHaveLength(1);
    expect(await readAuditLog(t.db, { action: 'delete-group' })).toMatchObject([
      { before: { name: 'editors' } },
    ]);
  });

  it('records the operator as such, a refused change not at all, and no password hash', async () => {
    await made.grants.grant({ user: ann }, 'shop.add_product');
    const [last] = await readAuditLog(t.db, { limit: 1 });
    expect(last).toMatchObject({
      actor: 'operator:cli',
      actorId: null,
      via: 'cli',
      action: 'grant',
    });
    const before = (await readAuditLog(t.db, { limit: 200 })).length;
    const plain = { id: ann, isActive: true, isSuperuser: false };
    await expect(
      made.grants.as(plain).grant({ user: ann }, 'shop.delete_product'),
    ).rejects.toThrow();
    expect((await readAuditLog(t.db, { limit: 200 })).length).toBe(before);
    const created = await readAuditLog(t.db, { action: 'create-user' });
    expect(JSON.stringify(created)).not.toContain('"x"');
    expect(created.find((r) => r.targetUserId === root.id)).toMatchObject({
      actor: `operator:${OPERATOR.operator}`,
      after: { username: 'root', isSuperuser: true, passwordSet: true },
    });
  });
});
