import { getTableName, type SQL, sql } from 'drizzle-orm';
import type { CodenameArg } from './codename-arg.js';
import type {
  AnyTable,
  AppTables,
  ModelInfo,
  ObjectOf,
  PermissionInfo,
  TablesOfCodename,
} from './codenames.js';
import { asPgTable } from './codenames.js';
import { UnknownAppLabelError, WrongModelError } from './errors.js';
import { type Explanation, explainPermission } from './explain.js';
import { loadModelPermissions, type ModelPermissions, NO_PERMISSIONS } from './model-perms.js';
import {
  checkedPage,
  hasObjectGrant,
  type KeysetPage,
  objectGrantCondition,
  objectKey,
} from './object-perms.js';
import type { Registry } from './registry.js';
import { heldCondition, holdsOnRow } from './scoped-condition.js';
import { scopeRow, type Within } from './scoped-grants.js';
import { loadScopedHoldings } from './scoped-holdings.js';
import { heldWithin, type Membership, membershipsOf } from './scoped-load.js';
import { isScoped } from './scoped-perms.js';
import type { AnyPgDatabase, AuthUser, ObjectRef } from './types.js';

export type MaybeUser = AuthUser | null | undefined;

const NOTHING: ReadonlySet<string> = new Set();
/** One object for every request: an app may key a prepared statement on a condition. */
const NO_ROW = sql`false`;

/** A user's permissions, loaded: synchronous checks for the rest of the request. */
export interface LoadedPermissions<C extends string> {
  readonly user: MaybeUser;
  /**
   * Model-level check, Django's rules; loaded within a scope row, what the user holds there counts
   * too. Throws UnknownCodenameError for a string that is none.
   */
  has<K extends string>(codename: CodenameArg<K, C>): boolean;
  /**
   * Held everywhere: a global grant (or superuser), never only within a scope row. What "every row
   * of the model" needs: holding a codename within an organization covers that organization's rows.
   */
  hasGlobally<K extends string>(codename: CodenameArg<K, C>): boolean;
  hasAll<K extends string>(codenames: readonly CodenameArg<K, C>[]): boolean;
  /** Every codename the user holds (all of them for an active superuser). */
  all(): ReadonlySet<C>;
}

/**
 * What `createAuthz` gives: Django's `has_perm` family, django-guardian's object checks, the
 * reason behind a decision, and the SQL filter for lists. The declared contract (the database and
 * registry it was made with are not part of it).
 */
export interface Authz<TApps extends AppTables, C extends string> {
  /**
   * Loads once (one query, cached on the user object) and returns synchronous checks. `within` a
   * scope row (the organization a request acts in), the checks also count what the user holds
   * there: grants and roles on that row or above it (the user's scoped holdings: one more query,
   * none when a credential cache primed them; the row's ancestors are read only as far up as the
   * user holds anything, so a top-level organization the user holds something in costs none).
   */
  load(user: MaybeUser, within?: Within): Promise<LoadedPermissions<C>>;
  /**
   * The scope rows the user is a member of, with their roles there (an organization switcher),
   * ordered by model and key. One query, or none when a credential cache primed the user.
   */
  memberships(user: MaybeUser): Promise<Membership[]>;
  /** Django's `user.has_perm(perm, obj=None)`; with an object, also its object grants. */
  hasPerm<K extends string>(
    user: MaybeUser,
    codename: CodenameArg<K, C>,
    object?: ObjectOf<TApps, K>,
  ): Promise<boolean>;
  /**
   * `hasPerm` for an object known only at run time (a permission class's hook): the same answer,
   * with the object checked against the codename's table at run time only.
   */
  hasPermOn<K extends string>(
    user: MaybeUser,
    codename: CodenameArg<K, C>,
    object?: ObjectRef,
  ): Promise<boolean>;
  /** Django's `has_perms`: all of them (true for an empty list), on one object of their model. */
  hasPerms<K extends string>(
    user: MaybeUser,
    codenames: readonly CodenameArg<K, C>[],
    object?: ObjectOf<TApps, K>,
  ): Promise<boolean>;
  /**
   * The decision of `hasPerm` and its reason: anonymous, inactive, superuser, a direct grant, a
   * group grant (which groups), an object grant (direct or via which groups), or none; an unknown
   * codename answers with the nearest valid ones instead of throwing (it comes from a person).
   */
  explain<K extends string>(
    user: MaybeUser,
    codename: CodenameArg<K, C, string>,
    object?: ObjectRef,
  ): Promise<Explanation>;
  /** Django's `has_module_perms`: any permission in the app (an unknown label does not compile). */
  hasModulePerms(user: MaybeUser, appLabel: keyof TApps & string): Promise<boolean>;
  /** Django's `get_user_permissions`: the user's own grants (every codename for a superuser). */
  getUserPermissions(user: MaybeUser): Promise<ReadonlySet<C>>;
  /** Django's `get_group_permissions`: their groups' grants. */
  getGroupPermissions(user: MaybeUser): Promise<ReadonlySet<C>>;
  /** Django's `get_all_permissions`. */
  getAllPermissions(user: MaybeUser): Promise<ReadonlySet<C>>;
  /**
   * A condition for any select on `table`: the rows the user holds `codename` on. Superusers and
   * global grants → `true`; otherwise the keys of their (and their groups') object grants; nobody
   * → `false`. One SQL query however many rows, never a check per row. With `page` (a table with
   * an integer key), it is exact for that keyset page only (`pk > after order by pk limit limit`)
   * and costs the same whatever the number of grants; a count or any other order needs it without.
   */
  objectsFor<K extends string>(
    user: MaybeUser,
    codename: CodenameArg<K, C>,
    /** The codename's model's table (another model's does not compile); undefined: that one. */
    table: TablesOfCodename<TApps, K> | undefined,
    page?: KeysetPage,
  ): Promise<SQL>;
}

/**
 * The model a permission is on, given as `table`: another model's table is a mistake in the
 * calling code (the condition would name the wrong rows), refused as a `WrongModelError`.
 */
function modelOfPermission<TApps extends AppTables, C extends string>(
  registry: Registry<TApps, C>,
  perm: PermissionInfo<C>,
  table: AnyTable,
): ModelInfo {
  const model = registry.modelOf(table);
  if (model === undefined || model.appLabel !== perm.appLabel || model.model !== perm.model) {
    throw new WrongModelError(
      `'${perm.codename}' is a permission on ${perm.appLabel}.${perm.model}, not on table '${getTableName(asPgTable(table))}'`,
    );
  }
  return model;
}

/**
 * Permission resolution with Django ModelBackend's rules and django-guardian's object grants:
 * anonymous and inactive users (inactive superusers too) have no permission; active superusers
 * have all; model permissions are the user's grants ∪ their groups' grants; a global grant covers
 * every object, an object grant that object only. Unknown codenames are errors for every user.
 *
 * @example
 * ```ts
 * const authz = createAuthz({ db, registry });
 * await authz.hasPerm(user, 'polls.change_question'); // Django's user.has_perm
 * await authz.hasPerm(user, 'polls.change_question', question); // on one object (row or key)
 * const where = await authz.objectsFor(user, 'polls.view_question', questionTable); // SQL filter
 * ```
 */
export function createAuthz<TApps extends AppTables, C extends string>(options: {
  db: AnyPgDatabase;
  registry: Registry<TApps, C>;
}): Authz<TApps, C> {
  const { db, registry } = options;
  const allCodenames: ReadonlySet<C> = new Set(registry.permissions.map((p) => p.codename));
  const appLabels = new Set(registry.models.map((m) => m.appLabel));

  const info = (codename: string): PermissionInfo<C> => registry.get(registry.toCodename(codename));
  const active = (user: MaybeUser): user is AuthUser => user?.isActive === true;

  // What a user holds within a scope row, once per user object and row (a request acts in one).
  const withinCache = new WeakMap<AuthUser, Map<string, Promise<ReadonlySet<string>>>>();
  function heldIn(user: AuthUser, scope: Within): Promise<ReadonlySet<string>> {
    const rows = withinCache.get(user) ?? new Map<string, Promise<ReadonlySet<string>>>();
    withinCache.set(user, rows);
    const key = `${registry.modelOf(scope.within)?.model ?? '?'}:${String(scope.key)}`;
    let entry = rows.get(key);
    if (entry === undefined) {
      entry = heldWithin(db, registry, user, scope);
      entry.catch(() => rows.delete(key));
      rows.set(key, entry);
    }
    return entry;
  }

  // Plain functions returning the cache's promise, not `async` ones wrapping it: each async
  // layer is one more promise and microtask on every guarded call (a profile of the server showed it).
  function modelPerms(user: MaybeUser): Promise<ModelPermissions> {
    return active(user) ? loadModelPermissions(db, user) : Promise.resolve(NO_PERMISSIONS);
  }

  /** The checks of `perms`; `within`, what a scope row adds to them (not held everywhere). */
  function checker(
    user: MaybeUser,
    perms: ModelPermissions,
    within: ReadonlySet<string> = NOTHING,
  ): LoadedPermissions<C> {
    const superuser = active(user) && user.isSuperuser;
    // Typed by `LoadedPermissions`; a string here is checked at run time, as from outside.
    const hasGlobally = (codename: string) => {
      info(codename); // validates, even for superusers
      return superuser || perms.all.has(codename);
    };
    const has = (codename: string) => hasGlobally(codename) || within.has(codename);
    const all = within.size === 0 ? perms.all : new Set([...perms.all, ...within]);
    return {
      user,
      has,
      hasGlobally,
      hasAll: (codenames) => codenames.every(has),
      all: () => (superuser ? allCodenames : (all as ReadonlySet<C>)),
    };
  }

  /** Every check's answer; `name` typed by the public signatures, validated here. */
  async function decide(user: MaybeUser, name: string, object?: ObjectRef): Promise<boolean> {
    const perm = info(name);
    const { codename } = perm;
    // The object is checked against the codename's table first, for every user: a superuser's
    // call with another model's row is the same mistake, and must not pass unnoticed.
    const key =
      object === undefined ? undefined : objectKey(registry.modelFor(codename).table, object);
    if (!active(user)) return false;
    if (user.isSuperuser) return true;
    if ((await modelPerms(user)).all.has(codename)) return true; // a global grant covers every object
    if (key === undefined) return false;
    const model = registry.modelFor(codename);
    if (!isScoped(registry.scopes, model))
      return hasObjectGrant(db, user, perm.appLabel, perm.localCodename, key);
    // Under a scope: an object grant (asked only of a user who holds any), or held on the row
    // itself as a scope, or on an ancestor (an organization).
    const holdings = await loadScopedHoldings(db, user);
    if (
      holdings.objectGrants &&
      (await hasObjectGrant(db, user, perm.appLabel, perm.localCodename, key))
    )
      return true;
    return holdsOnRow(db, registry.scopes, holdings, codename, model, key);
  }

  return {
    load(user: MaybeUser, scope?: Within): Promise<LoadedPermissions<C>> {
      if (scope === undefined || !active(user))
        return modelPerms(user).then((perms) => checker(user, perms));
      // A superuser holds everything everywhere, but only in a row that exists: acting in one that
      // does not is the same 404 as for anyone else, not a create that fails on its foreign key.
      if (user.isSuperuser)
        return scopeRow(db, registry, scope).then(() => checker(user, NO_PERMISSIONS));
      return Promise.all([modelPerms(user), heldIn(user, scope)]).then(([perms, within]) =>
        checker(user, perms, within),
      );
    },

    async memberships(user: MaybeUser): Promise<Membership[]> {
      if (!active(user)) return [];
      const parents = [...new Set(registry.scopes.map((s) => s.parent))];
      return parents.length === 0 ? [] : membershipsOf(await loadScopedHoldings(db, user), parents);
    },

    async hasPerm<K extends string>(
      user: MaybeUser,
      codename: CodenameArg<K, C>,
      object?: ObjectOf<TApps, K>,
    ): Promise<boolean> {
      return decide(user, codename, object);
    },

    hasPermOn: <K extends string>(
      user: MaybeUser,
      codename: CodenameArg<K, C>,
      object?: ObjectRef,
    ): Promise<boolean> => decide(user, codename, object),

    async hasPerms<K extends string>(
      user: MaybeUser,
      codenames: readonly CodenameArg<K, C>[],
      object?: ObjectOf<TApps, K>,
    ): Promise<boolean> {
      for (const codename of codenames) info(codename);
      for (const codename of codenames) {
        if (!(await decide(user, codename, object))) return false;
      }
      return true;
    },

    explain<K extends string>(
      user: MaybeUser,
      codename: CodenameArg<K, C, string>,
      object?: ObjectRef,
    ): Promise<Explanation> {
      return explainPermission(db, registry, user, codename, object);
    },

    async hasModulePerms(user: MaybeUser, appLabel: keyof TApps & string): Promise<boolean> {
      // A label from outside the compiler's sight (a request, a config file) is checked here too.
      if (!appLabels.has(appLabel)) throw new UnknownAppLabelError(appLabel, [...appLabels]);
      if (!active(user)) return false;
      if (user.isSuperuser) return true;
      const prefix = `${appLabel}.`;
      for (const codename of (await modelPerms(user)).all)
        if (codename.startsWith(prefix)) return true;
      return false;
    },

    async getUserPermissions(user: MaybeUser): Promise<ReadonlySet<C>> {
      if (active(user) && user.isSuperuser) return allCodenames;
      return (await modelPerms(user)).user as ReadonlySet<C>;
    },

    async getGroupPermissions(user: MaybeUser): Promise<ReadonlySet<C>> {
      if (active(user) && user.isSuperuser) return allCodenames;
      return (await modelPerms(user)).group as ReadonlySet<C>;
    },

    async getAllPermissions(user: MaybeUser): Promise<ReadonlySet<C>> {
      return checker(user, await modelPerms(user)).all();
    },

    async objectsFor<K extends string>(
      user: MaybeUser,
      name: CodenameArg<K, C>,
      table: TablesOfCodename<TApps, K> | undefined,
      page?: KeysetPage,
    ): Promise<SQL> {
      const perm = info(name);
      const model =
        table === undefined
          ? registry.modelFor(perm.codename)
          : modelOfPermission(registry, perm, table);
      if (!active(user)) return sql`false`;
      if (user.isSuperuser || (await modelPerms(user)).all.has(perm.codename)) return sql`true`;
      if (page !== undefined) checkedPage(page); // a bad page is refused whether or not it is used
      const granted = () =>
        objectGrantCondition(model.table, user, perm.appLabel, perm.localCodename, page);
      if (!isScoped(registry.scopes, model)) return granted();
      // The object grant tables are in the condition only for a user who holds any object grant:
      // a member of organizations usually holds none, and they cost Postgres most of the planning
      // (and building their condition, a tenth of the server's time for such a list).
      const holdings = await loadScopedHoldings(db, user);
      const scoped = heldCondition(registry.scopes, model, holdings, perm.codename);
      if (!holdings.objectGrants) return scoped ?? NO_ROW;
      return scoped === undefined ? granted() : sql`(${granted()} or ${scoped})`;
    },
  };
}
