import { describeEachBackend } from '@warden/db/testing';
import { asc } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { beforeAll, expect, it } from 'vitest';
import {
  organization,
  project,
  scopedRegistry,
  setUpScoped,
  task,
} from '../test/scoped-fixture.js';
import { createAuthz } from './authz.js';
import { NotFoundError } from './errors.js';
import { primeModelPermissions } from './model-perms.js';
import { within } from './scoped-grants.js';
import {
  primeScopedHoldings,
  type ScopedHoldingRow,
  scopedHoldingsQuery,
} from './scoped-holdings.js';
import type { AuthUser } from './types.js';

// A user's holdings on scope rows as data, primed the way auth's credential cache primes them: a
// warm request's organization switcher and active-organization checks read no table.

describeEachBackend('scoped holdings', (t) => {
  let made: Awaited<ReturnType<typeof setUpScoped>>;
  const ids: Record<string, number> = {};
  const as = (name: string): AuthUser => ({
    id: ids[name] ?? -1,
    isActive: true,
    isSuperuser: false,
  });
  const rowsOf = (name: string): Promise<ScopedHoldingRow[]> =>
    scopedHoldingsQuery(t.db, as(name).id);
  // Each row as one line, its fields in one order: the same rows in any order compare equal.
  const sorted = (rows: ReadonlyArray<Record<keyof ScopedHoldingRow, string | null>>) =>
    rows
      .map((r) => JSON.stringify([r.kind, r.appLabel, r.model, r.key, r.role, r.codename]))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  beforeAll(async () => {
    made = await setUpScoped(t.db);
    const { grants } = made;
    for (const name of ['ann', 'bob', 'cyd'])
      ids[name] = (await grants.createUser({ username: name })).id;
    await grants.createGroup('Task editors');
    await grants.grant({ group: { name: 'Task editors' } }, 'orgs.change_task');
    await grants.createGroup('Guests'); // a role of no grants is a membership still
    await grants.createGroup('Auditors');
    await grants.grant({ group: { name: 'Auditors' } }, 'orgs.view_task', within(organization, 2));
    await grants.addToGroup({ username: 'ann' }, { name: 'Task editors' }, within(organization, 1));
    await grants.addToGroup({ username: 'ann' }, { name: 'Guests' }, within(organization, 3));
    await grants.grant({ user: { username: 'ann' } }, 'orgs.view_project', within(organization, 1));
    await grants.addToGroup({ username: 'bob' }, { name: 'Auditors' });
    await grants.grant({ user: { username: 'bob' } }, 'orgs.add_task', within(project, 3));
    // Object grants: bob's through his group, cyd's her own; ann holds none.
    await grants.grant({ group: { name: 'Auditors' } }, 'orgs.change_task', 1);
    await grants.grant({ user: { username: 'cyd' } }, 'orgs.view_task', 12);
  });

  it('loads memberships with their roles’ grants, the scope grants of the user and their groups, and whether they hold object grants, in one statement', async () => {
    const counting = t.counting();
    const ann = await scopedHoldingsQuery(counting.db, as('ann').id);
    expect(counting.statements()).toBe(1);
    const org = { appLabel: 'orgs', model: 'organization' };
    const role = { kind: 'role', ...org };
    const grant = { kind: 'grant', ...org, role: null };
    const objects = { kind: 'objects', appLabel: null, model: null, key: null, role: null };
    expect(sorted(ann)).toEqual(
      sorted([
        { ...role, key: '1', role: 'Task editors', codename: 'orgs.change_task' },
        { ...role, key: '3', role: 'Guests', codename: null },
        { ...grant, key: '1', codename: 'orgs.view_project' },
      ]),
    );
    expect(sorted(await rowsOf('bob'))).toEqual(
      sorted([
        { ...grant, key: '2', codename: 'orgs.view_task' },
        { ...grant, model: 'project', key: '3', codename: 'orgs.add_task' },
        { ...objects, codename: null },
      ]),
    );
    expect(await rowsOf('cyd')).toEqual([{ ...objects, codename: null }]);
  });

  it('answers a primed user’s memberships and checks within a top-level row it holds on with no statement, and reads a nested row’s chain only', async () => {
    const counting = t.counting();
    const authz = createAuthz({ db: counting.db, registry: scopedRegistry });
    // Primed as the credential cache primes a warm request's own user object: both caches.
    const primed = async (name: string) => {
      const user = as(name);
      primeModelPermissions(user, []);
      primeScopedHoldings(user, await rowsOf(name));
      return user;
    };
    const ann = await primed('ann');
    counting.reset();
    expect((await authz.memberships(ann)).map((m) => [m.scope, m.roles])).toEqual([
      ['orgs.organization:1', ['Task editors']],
      ['orgs.organization:3', ['Guests']],
    ]);
    const inOne = await authz.load(ann, within(organization, 1));
    expect([inOne.has('orgs.change_task'), inOne.has('orgs.view_project')]).toEqual([true, true]);
    expect(inOne.hasGlobally('orgs.change_task')).toBe(false);
    expect([...(await authz.load(ann, within(organization, 3))).all()]).toEqual([]);
    expect(counting.statements()).toBe(0);

    // Project 3 is organization 2's: bob holds on both, so its parent is read, and nothing else.
    const bob = await primed('bob');
    counting.reset();
    const inProject = await authz.load(bob, within(project, 3));
    expect([...inProject.all()].sort()).toEqual(['orgs.add_task', 'orgs.view_task']);
    expect(counting.statements()).toBe(1);

    // A row it holds nothing on is looked up, with its chain as far up as it holds anything: one
    // statement. One that does not exist is refused.
    const again = await primed('ann');
    counting.reset();
    expect([...(await authz.load(again, within(organization, 2))).all()]).toEqual([]);
    expect(counting.statements()).toBe(1);
    counting.reset();
    expect([...(await authz.load(again, within(project, 2))).all()].sort()).toEqual([
      'orgs.change_task',
      'orgs.view_project',
    ]);
    expect(counting.statements()).toBe(1);
    await expect(authz.load(again, within(organization, 99))).rejects.toThrow(NotFoundError);
    await expect(authz.load(again, within(project, 99))).rejects.toThrow(NotFoundError);
  });

  it('answers alike primed and loaded, for every user and scope row', async () => {
    const authz = made.authz;
    const rows = [
      ...[1, 2, 3].map((k) => within(organization, k)),
      ...[1, 2, 3, 4, 5, 6].map((k) => within(project, k)),
    ];
    for (const name of ['ann', 'bob', 'cyd']) {
      const primed = () => {
        const user = as(name);
        return rowsOf(name).then((r) => {
          primeScopedHoldings(user, r);
          return user;
        });
      };
      expect(await authz.memberships(await primed())).toEqual(await authz.memberships(as(name)));
      for (const row of rows) {
        const held = async (user: AuthUser) => [...(await authz.load(user, row)).all()].sort();
        expect(await held(await primed())).toEqual(await held(as(name)));
      }
    }
  });

  it('asks the object grant tables in a list only for a user who holds an object grant', async () => {
    const { authz } = made;
    const ids = async (name: string) => {
      const where = await authz.objectsFor(as(name), 'orgs.view_task', task);
      const text = new PgDialect().sqlToQuery(where).sql;
      const rows = await t.db.select({ id: task.id }).from(task).where(where).orderBy(asc(task.id));
      return { objectTables: text.includes('object_permission'), ids: rows.map((r) => r.id) };
    };
    // ann: organization 1's tasks through her role? No: Task editors changes, not views.
    expect(await ids('ann')).toEqual({ objectTables: false, ids: [] });
    // bob: organization 2's tasks by his group's grant there; his group holds an object grant.
    expect(await ids('bob')).toEqual({ objectTables: true, ids: [5, 6, 7, 8] });
    expect(await ids('cyd')).toEqual({ objectTables: true, ids: [12] });
  });
});
