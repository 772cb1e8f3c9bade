import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { within } from '../src/scoped-grants.js';
import type { AnyPgDatabase, AuthUser } from '../src/types.js';
import { organization, project, type setUpScoped } from './scoped-fixture.js';
import {
  ACTIONS,
  codenameOf,
  keysOf,
  MODELS,
  type Reach,
  type Row,
  type World,
} from './scoped-reference.js';

// Random worlds on the fixture's three levels for test/scoped-reference.test.ts, and how one is
// written to a database: rows by insert, everything the rules read (users, groups, memberships,
// roles, grants of each reach) through the grants API, as the operator.

/** Mostly `common`: a world of inactive superusers answers everything the same way. */
const mostly = (common: boolean) =>
  fc.oneof(
    { weight: 7, arbitrary: fc.constant(common) },
    { weight: 1, arbitrary: fc.constant(!common) },
  );

/**
 * The raw draw: counts and indices as naturals, taken modulo what exists when the world is built,
 * so every draw is a valid world and shrinking never produces a dangling reference.
 */
const rawWorld = fc.record({
  organizations: fc.integer({ min: 1, max: 3 }),
  projects: fc.array(fc.nat(), { maxLength: 5 }),
  tasks: fc.array(fc.nat(), { maxLength: 8 }),
  users: fc.array(fc.record({ isActive: mostly(true), isSuperuser: mostly(false) }), {
    minLength: 1,
    maxLength: 4,
  }),
  groups: fc.integer({ min: 1, max: 3 }),
  groupMembers: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }),
  memberships: fc.array(
    fc.record({
      user: fc.nat(),
      group: fc.nat(),
      model: fc.constantFrom('organization' as const, 'project' as const),
      key: fc.nat(),
    }),
    { maxLength: 8 },
  ),
  // The groups' model grants: what a group gives its global members, and its members as a role.
  roles: fc.array(
    fc.record({
      group: fc.nat(),
      action: fc.constantFrom(...ACTIONS),
      model: fc.constantFrom(...MODELS),
    }),
    { maxLength: 8 },
  ),
  grants: fc.array(
    fc.record({
      toGroup: fc.boolean(),
      who: fc.nat(),
      action: fc.constantFrom(...ACTIONS),
      model: fc.constantFrom(...MODELS),
      // Global grants are rarer: one answers every row of its codename, hiding the other reaches.
      reach: fc.constantFrom('global', 'object', 'object', 'organization', 'project', 'project'),
      key: fc.nat(),
    }),
    { maxLength: 14 },
  ),
});

/** One of `items` by a drawn natural, or undefined when there is none. */
const pick = <T>(items: readonly T[], n: number): T | undefined => items[n % items.length];

export const worlds: fc.Arbitrary<World> = rawWorld.map((raw) => {
  const organizations = Array.from({ length: raw.organizations }, (_, i) => i + 1);
  // Keys 1..n in every table, so the same key exists in several models: a rule that matched a key
  // without its model would answer wrongly somewhere.
  const projectOrg = new Map(raw.projects.map((n, i) => [i + 1, (n % raw.organizations) + 1]));
  const taskProject = new Map(
    raw.projects.length === 0
      ? []
      : raw.tasks.map((n, i) => [i + 1, (n % raw.projects.length) + 1]),
  );
  const base = { organizations, projectOrg, taskProject };
  const rowOf = (model: Row['model'], n: number): Row | undefined => {
    const key = pick(keysOf(base, model), n);
    return key === undefined ? undefined : { model, key };
  };
  const users = raw.users.length;
  const roles = raw.roles.map((r) => ({
    holder: { group: r.group % raw.groups },
    codename: codenameOf(r.action, r.model),
    reach: { kind: 'global' } as const,
  }));
  const grants = raw.grants.flatMap((g) => {
    const codename = codenameOf(g.action, g.model);
    const holder = g.toGroup ? { group: g.who % raw.groups } : { user: g.who % users };
    let reach: Reach | undefined;
    if (g.reach === 'global') reach = { kind: 'global' };
    else if (g.reach === 'object') {
      const row = rowOf(g.model, g.key);
      reach = row && { kind: 'object', key: row.key };
    } else {
      // Within a row of a model strictly above the codename's: the API refuses any other scope.
      const above = MODELS.indexOf(g.reach) < MODELS.indexOf(g.model);
      const row = above ? rowOf(g.reach, g.key) : undefined;
      reach = row && { kind: 'within', row };
    }
    return reach === undefined ? [] : [{ holder, codename, reach }];
  });
  const memberships = raw.memberships.flatMap((m) => {
    const row = rowOf(m.model, m.key);
    return row === undefined ? [] : [{ user: m.user % users, group: m.group % raw.groups, row }];
  });
  return {
    ...base,
    users: raw.users,
    groups: raw.groups,
    groupMembers: raw.groupMembers.map(([u, g]) => [u % users, g % raw.groups] as const),
    memberships,
    grants: [...roles, ...grants],
  };
});

/** The fixture's tables, emptied with everything the previous world wrote (ids restart at 1). */
export async function clearWorld(db: AnyPgDatabase): Promise<void> {
  await db.execute(sql`truncate auth_user, auth_group, orgs_organization, auth_audit_log
    restart identity cascade`);
}

type Grants = Awaited<ReturnType<typeof setUpScoped>>['grants'];

const username = (user: number) => `u${user}`;
const groupName = (group: number) => `g${group}`;
const scopeOf = (row: Row) =>
  within(row.model === 'organization' ? organization : project, row.key);

/**
 * Writes `world` and returns its users as `AuthUser`s, by index: new objects, so no permission
 * cache of an earlier world (cached on the user object) answers for this one.
 */
export async function writeWorld(
  db: AnyPgDatabase,
  grants: Grants,
  world: World,
): Promise<AuthUser[]> {
  await clearWorld(db);
  await db.execute(
    sql`insert into orgs_organization select o, 'org ' || o from generate_series(1, ${world.organizations.length}) o`,
  );
  for (const [key, org] of world.projectOrg)
    await db.execute(sql`insert into orgs_project values (${key}, ${org})`);
  for (const [key, parent] of world.taskProject)
    await db.execute(sql`insert into orgs_task values (${key}, ${parent})`);
  const ids: number[] = [];
  for (const [i, flags] of world.users.entries())
    ids.push((await grants.createUser({ username: username(i), ...flags })).id);
  for (let g = 0; g < world.groups; g += 1) await grants.createGroup(groupName(g));
  for (const [u, g] of world.groupMembers)
    await grants.addToGroup({ username: username(u) }, { name: groupName(g) });
  for (const m of world.memberships)
    await grants.addToGroup(
      { username: username(m.user) },
      { name: groupName(m.group) },
      scopeOf(m.row),
    );
  for (const { holder, codename, reach } of world.grants) {
    const target =
      'user' in holder
        ? { user: { username: username(holder.user) } }
        : { group: { name: groupName(holder.group) } };
    if (reach.kind === 'global') await grants.grant(target, codename);
    else if (reach.kind === 'object') await grants.grant(target, codename, reach.key);
    else await grants.grant(target, codename, scopeOf(reach.row));
  }
  return world.users.map((flags, i) => ({
    id: ids[i] ?? -1,
    isActive: flags.isActive,
    isSuperuser: flags.isSuperuser,
  }));
}
