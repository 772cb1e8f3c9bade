import { describeEachBackend } from '@warden/db/testing';
import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  organization,
  project,
  scopedRegistry,
  setUpScoped,
  task,
} from '../test/scoped-fixture.js';
import { readAuditLog } from './audit.js';
import { NotFoundError, PermissionDeniedError, WrongModelError } from './errors.js';
import { defineModels } from './registry.js';
import { membership } from './schema.js';
import { within } from './scoped-grants.js';
import type { AuthUser } from './types.js';

// Grants on a parent row cover its descendants, and a member of a row holds their role's grants
// within its subtree only: organization → project → task, three levels.

describeEachBackend('scopes: inherited grants and roles per tenant', (t) => {
  let made: Awaited<ReturnType<typeof setUpScoped>>;
  const users: Record<string, AuthUser> = {};
  const as = (name: string): AuthUser => ({
    ...(users[name] ?? { id: -1, isActive: true, isSuperuser: false }),
  });
  const visible = async (name: string, codename: 'orgs.view_task' | 'orgs.change_task') => {
    const where = await made.authz.objectsFor(as(name), codename, task);
    return (await t.db.select({ id: task.id }).from(task).where(where).orderBy(asc(task.id))).map(
      (r) => r.id,
    );
  };

  beforeAll(async () => {
    made = await setUpScoped(t.db);
    const { grants } = made;
    for (const name of ['ann', 'bob', 'cat', 'dan', 'boss']) {
      const { id } = await grants.createUser({ username: name });
      users[name] = { id, isActive: true, isSuperuser: false };
    }
    await grants.createGroup('Task editors');
    for (const c of ['orgs.view_task', 'orgs.change_task', 'orgs.view_organization'] as const)
      await grants.grant({ group: { name: 'Task editors' } }, c);
    await grants.createGroup('Auditors');
    // ann: a Task editor of organization 1, and nowhere else.
    await grants.addToGroup({ username: 'ann' }, { name: 'Task editors' }, within(organization, 1));
    // bob: may view the tasks of project 3 (organization 2), by a grant on the project.
    await grants.grant({ user: { username: 'bob' } }, 'orgs.view_task', within(project, 3));
    // cat: in the global group Auditors, which may change the tasks of organization 3.
    await grants.addToGroup({ username: 'cat' }, { name: 'Auditors' });
    await grants.grant(
      { group: { name: 'Auditors' } },
      'orgs.change_task',
      within(organization, 3),
    );
  });

  it('lets a member hold their role’s grants within the row’s subtree only', async () => {
    expect(await made.authz.hasPerm(as('ann'), 'orgs.change_task', 4)).toBe(true);
    expect(await made.authz.hasPerm(as('ann'), 'orgs.change_task', 5)).toBe(false);
    expect(await made.authz.hasPerm(as('ann'), 'orgs.change_task')).toBe(false); // no global grant
    expect(await visible('ann', 'orgs.view_task')).toEqual([1, 2, 3, 4]);
    // The role holds on the scope row itself too.
    expect(await made.authz.hasPerm(as('ann'), 'orgs.view_organization', 1)).toBe(true);
    expect(await made.authz.hasPerm(as('ann'), 'orgs.view_organization', 2)).toBe(false);
  });

  it('lets a grant on a parent row cover its descendants, to a user or a group', async () => {
    expect(await visible('bob', 'orgs.view_task')).toEqual([5, 6]);
    expect(await visible('bob', 'orgs.change_task')).toEqual([]);
    expect(await visible('cat', 'orgs.change_task')).toEqual([9, 10, 11, 12]);
    expect(await made.authz.hasPerm(as('cat'), 'orgs.change_task', 9)).toBe(true);
    expect(await made.authz.hasPerm(as('cat'), 'orgs.change_task', 1)).toBe(false);
    expect(await visible('dan', 'orgs.view_task')).toEqual([]);
  });

  it('keeps Django’s rules around them: inactive none, superusers all', async () => {
    expect(await made.authz.hasPerm({ ...as('ann'), isActive: false }, 'orgs.change_task', 1)).toBe(
      false,
    );
    const root = { id: -1, isActive: true, isSuperuser: true };
    expect(await made.authz.hasPerm(root, 'orgs.change_task', 12)).toBe(true);
  });

  it('explains which scope row holds it, and as what', async () => {
    expect(await made.authz.explain(as('ann'), 'orgs.change_task', 3)).toMatchObject({
      allowed: true,
      reason: 'membership',
      roles: ['Task editors'],
      scope: 'orgs.organization:1',
    });
    expect(await made.authz.explain(as('bob'), 'orgs.view_task', 6)).toMatchObject({
      reason: 'user-scope-grant',
      scope: 'orgs.project:3',
    });
    expect(await made.authz.explain(as('cat'), 'orgs.change_task', 10)).toMatchObject({
      reason: 'group-scope-grant',
      groups: ['Auditors'],
      scope: 'orgs.organization:3',
    });
    expect(await made.authz.explain(as('ann'), 'orgs.change_task', 5)).toMatchObject({
      allowed: false,
      reason: 'none',
    });
    // Without an object: not held everywhere, but on these rows (a request acting in one may).
    expect(await made.authz.explain(as('ann'), 'orgs.change_task')).toMatchObject({
      allowed: false,
      reason: 'only-within',
      scopes: ['orgs.organization:1'],
      message: expect.stringContaining('held only within orgs.organization:1'),
    });
    expect(await made.authz.explain(as('ann'), 'orgs.delete_task')).toMatchObject({
      reason: 'none',
    });
  });

  it('refuses scopes that are none, or not above the codename’s model, and rows that do not exist', async () => {
    await expect(
      made.grants.grant(
        { user: { username: 'dan' } },
        'orgs.view_organization',
        within(project, 1),
      ),
    ).rejects.toThrow(/orgs.project is not a parent of orgs.organization/);
    await expect(
      made.grants.grant({ user: { username: 'dan' } }, 'orgs.view_task', within(task, 1)),
    ).rejects.toThrow(WrongModelError);
    await expect(
      made.grants.grant({ user: { username: 'dan' } }, 'orgs.view_task', within(organization, 99)),
    ).rejects.toThrow(NotFoundError);
  });

  it('applies the escalation rules within the scope', async () => {
    const annActs = made.grants.as(as('ann'), { via: 'session' });
    // ann holds orgs.change_task in organization 1: she may pass it on there, and only there.
    await annActs.grant({ user: { username: 'dan' } }, 'orgs.change_task', within(organization, 1));
    expect(await made.authz.hasPerm(as('dan'), 'orgs.change_task', 2)).toBe(true);
    await expect(
      annActs.grant({ user: { username: 'dan' } }, 'orgs.change_task', within(organization, 2)),
    ).rejects.toThrow(/you do not hold it there/);
    // She may give her own role in organization 1, not in organization 2.
    await annActs.addToGroup(
      { username: 'dan' },
      { name: 'Task editors' },
      within(organization, 1),
    );
    await expect(
      annActs.addToGroup({ username: 'dan' }, { name: 'Task editors' }, within(organization, 2)),
    ).rejects.toThrow(PermissionDeniedError);
    const [entry] = await readAuditLog(t.db, { action: 'add-member' });
    expect(entry).toMatchObject({ actor: 'ann', scope: 'orgs.organization:1', via: 'session' });
  });

  it('ends the memberships and grants of a deleted scope row, with audit records', async () => {
    await made.grants.addToGroup(
      { username: 'boss' },
      { name: 'Task editors' },
      within(organization, 2),
    );
    await t.db.delete(organization).where(eq(organization.id, 2));
    const left = await t.db
      .select({ scope: membership.scopePk })
      .from(membership)
      .where(eq(membership.scopePk, '2'));
    expect(left).toEqual([]);
    const records = await readAuditLog(t.db, { action: 'remove-member' });
    expect(records[0]).toMatchObject({ via: 'trigger', scope: 'orgs.organization:2' });
    expect(await visible('bob', 'orgs.view_task')).toEqual([]); // project 3 went with it
  });
});

describe('scope declarations', () => {
  it('refuse, at start, what the compiler cannot see', () => {
    expect(() =>
      defineModels(
        { orgs: { organization, project } },
        // @ts-expect-error: a model cannot be its own parent
        { scopes: { 'orgs.project': { parent: 'orgs.project', via: 'orgId' } } },
      ),
    ).toThrow('orgs.project cannot be its own parent');
    expect(() =>
      defineModels(
        { orgs: { organization, project } },
        // @ts-expect-error: no such column
        { scopes: { 'orgs.project': { parent: 'orgs.organization', via: 'nope' } } },
      ),
    ).toThrow("'nope' is not a column of orgs.project");
    expect(() =>
      defineModels(
        { orgs: { organization, project } },
        // The key references the project's own table only through the organization's: not its parent's key.
        { scopes: { 'orgs.organization': { parent: 'orgs.project', via: 'id' } } },
      ),
    ).toThrow(/must reference orgs.project's primary key/);
    expect(scopedRegistry.scopes.map((s) => `${s.child.model}→${s.parent.model}`)).toEqual([
      'project→organization',
      'task→project',
    ]);
  });
});
