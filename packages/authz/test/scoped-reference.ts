// The reference evaluator: who holds what under scopes, in memory, from plain data, for the
// three-level fixture (organization → project → task, test/scoped-fixture.ts). No SQL, no
// library code: each rule is a line or two, stated beside it, so it can be read against the
// issue's rules (issue 22) instead of against the SQL it checks. test/scoped-reference.test.ts
// builds random worlds, writes them through the grants API, and requires hasPerm, hasPerms,
// explain and objectsFor to agree with it.

export const MODELS = ['organization', 'project', 'task'] as const;
export type Model = (typeof MODELS)[number];
/** The models some model declares as its parent: the rows a grant or membership can be within. */
export type ScopeModel = 'organization' | 'project';
export const ACTIONS = ['view', 'change'] as const;
export type Action = (typeof ACTIONS)[number];
export type RefCodename = `orgs.${Action}_${Model}`;

export const codenameOf = (action: Action, model: Model): RefCodename => `orgs.${action}_${model}`;
export const CODENAMES: readonly RefCodename[] = MODELS.flatMap((m) =>
  ACTIONS.map((a) => codenameOf(a, m)),
);

/** The model a codename is on: `orgs.change_task` → `task`. */
export function modelOf(codename: RefCodename): Model {
  const model = MODELS.find((m) => codename.endsWith(`_${m}`));
  if (model === undefined) throw new Error(`no model in ${codename}`);
  return model;
}

/** A row: `{ model: 'project', key: 3 }`. */
export interface Row {
  readonly model: Model;
  readonly key: number;
}
/** Who a grant is to: users and groups by their index in the world. */
export type Holder = { readonly user: number } | { readonly group: number };
/** Where a grant reaches: everywhere, one row of the codename's model, or a scope row's subtree. */
export type Reach =
  | { readonly kind: 'global' }
  | { readonly kind: 'object'; readonly key: number }
  | { readonly kind: 'within'; readonly row: Row };

export interface World {
  readonly organizations: readonly number[];
  /** A project's organization, a task's project: by the child's key. */
  readonly projectOrg: ReadonlyMap<number, number>;
  readonly taskProject: ReadonlyMap<number, number>;
  readonly users: ReadonlyArray<{ readonly isActive: boolean; readonly isSuperuser: boolean }>;
  readonly groups: number;
  /** Plain group membership (auth_user_groups): `[user, group]`. */
  readonly groupMembers: ReadonlyArray<readonly [user: number, group: number]>;
  /** A role: `user` is a member of `row` as `group`. */
  readonly memberships: ReadonlyArray<{
    readonly user: number;
    readonly group: number;
    readonly row: Row;
  }>;
  readonly grants: ReadonlyArray<{
    readonly holder: Holder;
    readonly codename: RefCodename;
    readonly reach: Reach;
  }>;
}

/** The keys of a model's rows, ascending. */
export function keysOf(
  world: Pick<World, 'organizations' | 'projectOrg' | 'taskProject'>,
  model: Model,
): number[] {
  const keys =
    model === 'organization'
      ? [...world.organizations]
      : [...(model === 'project' ? world.projectOrg : world.taskProject).keys()];
  return keys.sort((a, b) => a - b);
}

/** A row's parent: a task's project, a project's organization; an organization has none. */
function parentOf(world: World, row: Row): Row | undefined {
  if (row.model === 'task') {
    const key = world.taskProject.get(row.key);
    return key === undefined ? undefined : { model: 'project', key };
  }
  if (row.model === 'project') {
    const key = world.projectOrg.get(row.key);
    return key === undefined ? undefined : { model: 'organization', key };
  }
  return undefined;
}

/** The row itself, then its parent, its parent's parent…: the rows whose scope reaches it. */
export function chainOf(world: World, row: Row): Row[] {
  const chain: Row[] = [];
  for (let at: Row | undefined = row; at !== undefined; at = parentOf(world, at)) chain.push(at);
  return chain;
}

const sameRow = (a: Row, b: Row) => a.model === b.model && a.key === b.key;

/** The groups a user is in globally (auth_user_groups); a role within a scope row is not one. */
const groupsOf = (world: World, user: number) =>
  new Set(world.groupMembers.filter(([u]) => u === user).map(([, g]) => g));

/** Grants of `codename` to the user or one of their global groups, by the reach they match. */
function grantsTo(world: World, user: number, codename: RefCodename) {
  const groups = groupsOf(world, user);
  const mine = (h: Holder) => ('user' in h ? h.user === user : groups.has(h.group));
  return world.grants.filter((g) => g.codename === codename && mine(g.holder)).map((g) => g.reach);
}

/** Whether a group has `codename` as a model (global) grant: what a role gives its members. */
const roleHas = (world: World, group: number, codename: RefCodename) =>
  world.grants.some(
    (g) =>
      'group' in g.holder &&
      g.holder.group === group &&
      g.codename === codename &&
      g.reach.kind === 'global',
  );

/**
 * Whether `user` (an index, or null for anonymous) holds `codename`, on the row `key` of its model
 * or, without a key, at model level.
 */
export function holds(
  world: World,
  user: number | null,
  codename: RefCodename,
  key?: number,
): boolean {
  if (user === null) return false; // anonymous: nothing
  const flags = world.users[user];
  if (flags === undefined || !flags.isActive) return false; // inactive: nothing, superuser or not
  if (flags.isSuperuser) return true; // an active superuser: everything
  const reaches = grantsTo(world, user, codename);
  if (reaches.some((r) => r.kind === 'global')) return true; // a global grant: every object
  if (key === undefined) return false; // model level: global grants only
  // An object grant (the user's or a global group's) on that very row.
  if (reaches.some((r) => r.kind === 'object' && r.key === key)) return true;
  // On the row itself or any ancestor: a grant within that row (the user's or a global group's),
  // or a membership of that row whose role has the codename as a model grant.
  return chainOf(world, { model: modelOf(codename), key }).some(
    (row) =>
      reaches.some((r) => r.kind === 'within' && sameRow(r.row, row)) ||
      world.memberships.some(
        (m) => m.user === user && sameRow(m.row, row) && roleHas(world, m.group, codename),
      ),
  );
}

/**
 * Model level within a scope row (`authz.load(user, within(row))`, a request's active
 * organization): what `holds` gives without an object, and any codename granted within the row or
 * an ancestor (to the user or a global group), or given by a role the user has there. Any model's
 * codename counts, not only those of the rows below: it is what the user holds in that scope.
 */
export function holdsWithin(
  world: World,
  user: number | null,
  codename: RefCodename,
  scope: Row,
): boolean {
  if (holds(world, user, codename)) return true; // flags and global grants, as at model level
  if (user === null || world.users[user]?.isActive !== true) return false;
  // Within a row only the models at or below it: a role on a project says nothing of organizations.
  if (MODELS.indexOf(modelOf(codename)) < MODELS.indexOf(scope.model)) return false;
  const reaches = grantsTo(world, user, codename);
  return chainOf(world, scope).some(
    (row) =>
      reaches.some((r) => r.kind === 'within' && sameRow(r.row, row)) ||
      world.memberships.some(
        (m) => m.user === user && sameRow(m.row, row) && roleHas(world, m.group, codename),
      ),
  );
}

/** The keys of the rows of the codename's model that `user` holds it on (objectsFor's rows). */
export const visibleKeys = (world: World, user: number | null, codename: RefCodename) =>
  keysOf(world, modelOf(codename)).filter((key) => holds(world, user, codename, key));

/** `orgs.project:3`: how explain names a scope row. */
const scopeName = (row: Row) => `orgs.${row.model}:${row.key}`;

/**
 * explain's reason: the first rule that decides, in the order it names them (flags, the user's
 * global grant, a group's, an object grant of the user's, of a group's, then up the chain from
 * the row: a user's grant within it, a group's, a role), and the scope row for the scoped reasons.
 * Written apart from `holds` on purpose: the test also requires that the two agree.
 */
export function reasonOf(
  world: World,
  user: number | null,
  codename: RefCodename,
  key?: number,
): { reason: string; scope?: string } {
  if (user === null) return { reason: 'anonymous' };
  const flags = world.users[user];
  if (flags === undefined || !flags.isActive) return { reason: 'inactive' };
  if (flags.isSuperuser) return { reason: 'superuser' };
  const groups = groupsOf(world, user);
  const granted = (holder: (h: Holder) => boolean, reach: (r: Reach) => boolean) =>
    world.grants.some((g) => g.codename === codename && holder(g.holder) && reach(g.reach));
  const toUser = (h: Holder) => 'user' in h && h.user === user;
  const toGroup = (h: Holder) => 'group' in h && groups.has(h.group);
  if (granted(toUser, (r) => r.kind === 'global')) return { reason: 'user-grant' };
  if (granted(toGroup, (r) => r.kind === 'global')) return { reason: 'group-grant' };
  if (key === undefined) return { reason: 'none' };
  const onKey = (r: Reach) => r.kind === 'object' && r.key === key;
  if (granted(toUser, onKey)) return { reason: 'user-object-grant' };
  if (granted(toGroup, onKey)) return { reason: 'group-object-grant' };
  for (const row of chainOf(world, { model: modelOf(codename), key })) {
    const onRow = (r: Reach) => r.kind === 'within' && sameRow(r.row, row);
    const scope = scopeName(row);
    if (granted(toUser, onRow)) return { reason: 'user-scope-grant', scope };
    if (granted(toGroup, onRow)) return { reason: 'group-scope-grant', scope };
    const member = (m: World['memberships'][number]) =>
      m.user === user && sameRow(m.row, row) && roleHas(world, m.group, codename);
    if (world.memberships.some(member)) return { reason: 'membership', scope };
  }
  return { reason: 'none' };
}
