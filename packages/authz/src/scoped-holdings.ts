import { and, eq, exists, or, type SQLWrapper, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ModelInfo } from './codenames.js';
import { fullCodename } from './model-perms.js';
import {
  contentType,
  group,
  groupObjectPermission,
  groupPermission,
  groupScopePermission,
  membership,
  permission,
  user,
  userGroup,
  userObjectPermission,
  userScopePermission,
} from './schema.js';
import type { AnyPgDatabase, AuthUser } from './types.js';

// Everything a user holds on scope rows, as data: their memberships with each role's model grants,
// and the scope grants made to them or to their groups (and whether they hold object grants). Loaded in one statement (a credential
// lookup embeds it, so a cold request still runs one) and kept per user object like the model
// permissions, so the organization switcher and the active organization's model-level checks of a
// warm request read no table. Small: a user's rows number their roles' grants, not the scope's rows.

/**
 * One thing a user holds on one scope row: a role there (`role`), or a codename granted there
 * (`grant`). And one row of kind `objects` when they or a group of theirs hold any object grant,
 * its other fields null: a list of a scoped model then also asks the object grant tables, and
 * otherwise leaves them out of its condition (which cost Postgres most of its planning).
 */
export interface ScopedHoldingRow {
  readonly kind: 'role' | 'grant' | 'objects';
  /** The scope row's model: `orgs`, `organization`. */
  readonly appLabel: string | null;
  readonly model: string | null;
  /** Its key as stored. */
  readonly key: string | null;
  /** A membership: the role (a group) by name. */
  readonly role: string | null;
  /** A codename held there (a scope grant, or a model grant of the role); null: a role of none. */
  readonly codename: string | null;
}

/**
 * The user's holdings on scope rows: their memberships (each role joined to its model grants), the
 * scope grants made to them, and those made to their groups; and whether they hold any object
 * grant. `userId` may be a column of an outer query, so a credential lookup can embed it as a
 * correlated subquery.
 */
export function scopedHoldingsQuery(db: AnyPgDatabase, userId: number | SQLWrapper) {
  const scopeType = alias(contentType, 'scope_type');
  const scopeModel = {
    appLabel: sql<string | null>`${scopeType.appLabel}`.as('app_label'),
    model: sql<string | null>`${scopeType.model}`.as('model'),
  };
  const codename = sql<string | null>`${fullCodename}`.as('codename');
  const kind = (name: ScopedHoldingRow['kind']) =>
    sql<ScopedHoldingRow['kind']>`${name}::text`.as('kind');
  const roles = db
    .select({
      kind: kind('role'),
      ...scopeModel,
      key: sql<string | null>`${membership.scopePk}`.as('key'),
      role: sql<string | null>`${group.name}`.as('role'),
      codename,
    })
    .from(membership)
    .innerJoin(scopeType, eq(scopeType.id, membership.scopeTypeId))
    .innerJoin(group, eq(group.id, membership.groupId))
    // A role without grants is still a membership (the switcher lists it): outer joins.
    .leftJoin(groupPermission, eq(groupPermission.groupId, membership.groupId))
    .leftJoin(permission, eq(permission.id, groupPermission.permissionId))
    .leftJoin(contentType, eq(contentType.id, permission.contentTypeId))
    .where(eq(membership.userId, userId));
  const own = db
    .select({
      kind: kind('grant'),
      ...scopeModel,
      key: sql<string | null>`${userScopePermission.scopePk}`.as('key'),
      role: sql<string | null>`null`.as('role'),
      codename,
    })
    .from(userScopePermission)
    .innerJoin(scopeType, eq(scopeType.id, userScopePermission.scopeTypeId))
    .innerJoin(permission, eq(permission.id, userScopePermission.permissionId))
    .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
    .where(eq(userScopePermission.userId, userId));
  const viaGroups = db
    .select({
      kind: kind('grant'),
      ...scopeModel,
      key: sql<string | null>`${groupScopePermission.scopePk}`.as('key'),
      role: sql<string | null>`null`.as('role'),
      codename,
    })
    .from(userGroup)
    .innerJoin(groupScopePermission, eq(groupScopePermission.groupId, userGroup.groupId))
    .innerJoin(scopeType, eq(scopeType.id, groupScopePermission.scopeTypeId))
    .innerJoin(permission, eq(permission.id, groupScopePermission.permissionId))
    .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
    .where(eq(userGroup.userId, userId));
  // Two index probes (a group's: one per group), however many object grants there are.
  const none = sql<string | null>`null`;
  const objects = db
    .select({
      kind: kind('objects'),
      appLabel: none.as('app_label'),
      model: none.as('model'),
      key: none.as('key'),
      role: none.as('role'),
      codename: none.as('codename'),
    })
    .from(user)
    .where(
      and(
        eq(user.id, userId),
        or(
          exists(
            db
              .select({ one: sql`1` })
              .from(userObjectPermission)
              .where(eq(userObjectPermission.userId, userId)),
          ),
          exists(
            db
              .select({ one: sql`1` })
              .from(userGroup)
              .innerJoin(
                groupObjectPermission,
                eq(groupObjectPermission.groupId, userGroup.groupId),
              )
              .where(eq(userGroup.userId, userId)),
          ),
        ),
      ),
    );
  return roles.unionAll(own).unionAll(viaGroups).unionAll(objects);
}

/** What one scope row holds for the user. */
export interface HeldOnRow {
  readonly appLabel: string;
  readonly model: string;
  readonly key: string;
  /** Their roles there, sorted (code-unit order: the same on every database). */
  readonly roles: readonly string[];
  readonly codenames: ReadonlySet<string>;
}

/** The rows indexed for the questions a request asks. */
export interface ScopedHoldings {
  /** By scope row, `orgs.organization:5`. */
  readonly rows: ReadonlyMap<string, HeldOnRow>;
  /** The scope models the user holds anything on, `orgs.organization`. */
  readonly models: ReadonlySet<string>;
  /** The keys of a model's rows a codename is held on, by `orgs.organization shop.view_product`. */
  readonly keys: ReadonlyMap<string, readonly string[]>;
  /** Whether the user or a group of theirs holds any object grant. */
  readonly objectGrants: boolean;
}

const keysName = (appLabel: string, model: string, codename: string) =>
  `${appLabel}.${model} ${codename}`;

/** The keys of `model`'s rows on which the user holds `codename` (a list's scope condition). */
export const keysHolding = (
  holdings: ScopedHoldings,
  model: ModelInfo,
  codename: string,
): readonly string[] => holdings.keys.get(keysName(model.appLabel, model.model, codename)) ?? [];

export const rowName = (appLabel: string, model: string, key: string) =>
  `${appLabel}.${model}:${key}`;

/** Whether the user holds anything on the row `key` of `model`. */
export const holdsOn = (holdings: ScopedHoldings, model: ModelInfo, key: string) =>
  holdings.rows.has(rowName(model.appLabel, model.model, key));

/** Whether the user holds anything on any row of `model`. */
export const holdsOnAny = (holdings: ScopedHoldings, model: ModelInfo) =>
  holdings.models.has(`${model.appLabel}.${model.model}`);

export function toScopedHoldings(list: ReadonlyArray<ScopedHoldingRow>): ScopedHoldings {
  const rows = new Map<string, { held: HeldOnRow; roles: Set<string>; codenames: Set<string> }>();
  let objectGrants = false;
  for (const row of list) {
    if (row.kind === 'objects') objectGrants = true;
    if (row.appLabel === null || row.model === null || row.key === null) continue;
    const name = rowName(row.appLabel, row.model, row.key);
    let entry = rows.get(name);
    if (entry === undefined) {
      const roles = new Set<string>();
      const codenames = new Set<string>();
      const { appLabel, model, key } = row;
      entry = { held: { appLabel, model, key, roles: [], codenames }, roles, codenames };
      rows.set(name, entry);
    }
    if (row.role !== null) entry.roles.add(row.role);
    if (row.codename !== null) entry.codenames.add(row.codename);
  }
  const byRow = new Map<string, HeldOnRow>();
  const keys = new Map<string, string[]>();
  for (const [name, { held, roles }] of rows) {
    byRow.set(name, { ...held, roles: [...roles].sort(byCodeUnits) });
    for (const codename of held.codenames) {
      const of = keysName(held.appLabel, held.model, codename);
      const list = keys.get(of);
      if (list === undefined) keys.set(of, [held.key]);
      else list.push(held.key);
    }
  }
  return {
    rows: byRow,
    models: new Set([...byRow.values()].map((r) => `${r.appLabel}.${r.model}`)),
    keys,
    objectGrants,
  };
}

/** Plain code-unit order, not the locale's: the same answer on every machine and database. */
export const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// Keyed by the user object, as the model permissions are: one load per request's user.
const cache = new WeakMap<AuthUser, Promise<ScopedHoldings>>();

/** The user's holdings, loaded with one statement on first use and cached on the user object. */
export function loadScopedHoldings(db: AnyPgDatabase, user: AuthUser): Promise<ScopedHoldings> {
  let entry = cache.get(user);
  if (entry === undefined) {
    entry = scopedHoldingsQuery(db, user.id).then(toScopedHoldings);
    // A failed load must not poison the cache for the rest of the request.
    entry.catch(() => cache.delete(user));
    cache.set(user, entry);
  }
  return entry;
}

// Built once per array of rows: auth's credential cache primes every request's user from the
// same array. The rows must not change afterwards.
const fromRows = new WeakMap<ReadonlyArray<ScopedHoldingRow>, Promise<ScopedHoldings>>();

/** Fills the cache from rows loaded elsewhere (a credential lookup's single statement). */
export function primeScopedHoldings(user: AuthUser, rows: ReadonlyArray<ScopedHoldingRow>): void {
  let holdings = fromRows.get(rows);
  if (holdings === undefined) {
    holdings = Promise.resolve(toScopedHoldings(rows));
    fromRows.set(rows, holdings);
  }
  cache.set(user, holdings);
}
