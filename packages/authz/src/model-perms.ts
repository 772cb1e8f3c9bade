import { eq, type SQLWrapper, sql } from 'drizzle-orm';
import { contentType, groupPermission, permission, userGroup, userPermission } from './schema.js';
import type { AnyPgDatabase, AuthUser } from './types.js';

/** A user's model permissions as Django's ModelBackend sees them. */
export interface ModelPermissions {
  /** Granted to the user directly. */
  readonly user: ReadonlySet<string>;
  /** Granted to any of the user's groups. */
  readonly group: ReadonlySet<string>;
  /** user ∪ group. */
  readonly all: ReadonlySet<string>;
}

export const NO_PERMISSIONS: ModelPermissions = Object.freeze({
  user: new Set<string>(),
  group: new Set<string>(),
  all: new Set<string>(),
});

/** `app_label || '.' || codename`: a permission row's full codename, in SQL. */
export const fullCodename = sql<string>`${contentType.appLabel} || '.' || ${permission.codename}`;

/**
 * One SQL statement for everything: the user's direct grants UNION ALL their groups' grants, each
 * row tagged with where it came from. `userId` may be a column of an outer query, so a session
 * lookup can embed this as a correlated subquery and load session + user + permissions at once.
 */
export function modelPermissionsQuery(db: AnyPgDatabase, userId: number | SQLWrapper) {
  const direct = db
    .select({
      codename: fullCodename.as('codename'),
      source: sql<'user' | 'group'>`'user'`.as('source'),
    })
    .from(userPermission)
    .innerJoin(permission, eq(permission.id, userPermission.permissionId))
    .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
    .where(eq(userPermission.userId, userId));
  const viaGroups = db
    .select({
      codename: fullCodename.as('codename'),
      source: sql<'user' | 'group'>`'group'`.as('source'),
    })
    .from(userGroup)
    .innerJoin(groupPermission, eq(groupPermission.groupId, userGroup.groupId))
    .innerJoin(permission, eq(permission.id, groupPermission.permissionId))
    .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
    .where(eq(userGroup.userId, userId));
  return direct.unionAll(viaGroups);
}

export type PermissionRow = { codename: string; source: 'user' | 'group' };

export function toModelPermissions(rows: ReadonlyArray<PermissionRow>): ModelPermissions {
  const user = new Set<string>();
  const group = new Set<string>();
  for (const row of rows) (row.source === 'user' ? user : group).add(row.codename);
  return { user, group, all: new Set([...user, ...group]) };
}

// Keyed by the user object: one load per request's user, gone with it (Django's _perm_cache).
const cache = new WeakMap<AuthUser, Promise<ModelPermissions>>();

/** The user's model permissions, loaded with one query on first use and cached on the user object. */
export function loadModelPermissions(db: AnyPgDatabase, user: AuthUser): Promise<ModelPermissions> {
  let entry = cache.get(user);
  if (entry === undefined) {
    entry = modelPermissionsQuery(db, user.id).then(toModelPermissions);
    // A failed load must not poison the cache for the rest of the request.
    entry.catch(() => cache.delete(user));
    cache.set(user, entry);
  }
  return entry;
}

// The sets built from one array of rows, for a caller that primes every request's user from the
// same array (auth's credential cache): built once, not once per request. The rows must not
// change afterwards; the sets are read-only.
const fromRows = new WeakMap<ReadonlyArray<PermissionRow>, Promise<ModelPermissions>>();

/** Fills the cache from rows loaded elsewhere (the session lookup's single statement). */
export function primeModelPermissions(user: AuthUser, rows: ReadonlyArray<PermissionRow>): void {
  let perms = fromRows.get(rows);
  if (perms === undefined) {
    perms = Promise.resolve(toModelPermissions(rows));
    fromRows.set(rows, perms);
  }
  cache.set(user, perms);
}

/** Drops the cached permissions of this user object (after granting within the same request). */
export function forgetModelPermissions(user: AuthUser): void {
  cache.delete(user);
}
