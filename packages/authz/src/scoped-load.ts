import { and, asc, eq, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { ModelInfo } from './codenames.js';
import { fullCodename } from './model-perms.js';
import {
  contentType,
  group,
  groupPermission,
  groupScopePermission,
  membership,
  permission,
  userGroup,
  userScopePermission,
} from './schema.js';
import type { ScopeRow } from './scoped-grants.js';
import { contentTypeIdSql } from './scoped-perms.js';
import type { AnyPgDatabase, AuthUser } from './types.js';

// What a user holds within a scope row (the active organization): the model-level checks of a
// request that acts in it. Everything granted to the user or their groups on the row or any of its
// ancestors, and the model grants of the roles they have as a member of any of them; their global
// grants come on top (the caller adds them).

/** `(type, key)` is one of the chain's rows. */
function inChain(typeColumn: PgColumn, keyColumn: PgColumn, chain: readonly ScopeRow[]): SQL {
  const rows = chain.map(
    (row) => sql`(${typeColumn} = ${contentTypeIdSql(row.model)} and ${keyColumn} = ${row.key})`,
  );
  return rows.length === 0 ? sql`false` : sql`(${sql.join(rows, sql` or `)})`;
}

/**
 * The codenames `user` holds within the scope row whose chain (the row, then its ancestors) is
 * `chain`, by scope grants and memberships alone. One statement.
 */
export async function codenamesWithin(
  db: AnyPgDatabase,
  user: AuthUser,
  chain: readonly ScopeRow[],
): Promise<Set<string>> {
  if (chain.length === 0) return new Set();
  const own = db
    .select({ codename: fullCodename.as('codename') })
    .from(userScopePermission)
    .innerJoin(permission, eq(permission.id, userScopePermission.permissionId))
    .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
    .where(
      and(
        eq(userScopePermission.userId, user.id),
        inChain(userScopePermission.scopeTypeId, userScopePermission.scopePk, chain),
      ),
    );
  const groups = db
    .select({ codename: fullCodename.as('codename') })
    .from(userGroup)
    .innerJoin(groupScopePermission, eq(groupScopePermission.groupId, userGroup.groupId))
    .innerJoin(permission, eq(permission.id, groupScopePermission.permissionId))
    .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
    .where(
      and(
        eq(userGroup.userId, user.id),
        inChain(groupScopePermission.scopeTypeId, groupScopePermission.scopePk, chain),
      ),
    );
  const roles = db
    .select({ codename: fullCodename.as('codename') })
    .from(membership)
    .innerJoin(groupPermission, eq(groupPermission.groupId, membership.groupId))
    .innerJoin(permission, eq(permission.id, groupPermission.permissionId))
    .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
    .where(
      and(
        eq(membership.userId, user.id),
        inChain(membership.scopeTypeId, membership.scopePk, chain),
      ),
    );
  const rows = await own.unionAll(groups).unionAll(roles);
  return new Set(rows.map((r) => r.codename));
}

/** One membership: a scope row and the roles the user has there. */
export interface Membership {
  /** `orgs.organization:5` */
  readonly scope: string;
  readonly appLabel: string;
  readonly model: string;
  readonly key: string;
  /** The groups that are the user's roles there, by name. */
  readonly roles: readonly string[];
}

/**
 * Every scope row the user is a member of, with their roles there (what an organization switcher
 * offers), in one statement, ordered by model and key.
 */
export async function membershipsOf(
  db: AnyPgDatabase,
  user: AuthUser,
  models: readonly ModelInfo[],
): Promise<Membership[]> {
  const rows = await db
    .select({
      appLabel: contentType.appLabel,
      model: contentType.model,
      key: membership.scopePk,
      role: group.name,
    })
    .from(membership)
    .innerJoin(contentType, eq(contentType.id, membership.scopeTypeId))
    .innerJoin(group, eq(group.id, membership.groupId))
    .where(
      and(
        eq(membership.userId, user.id),
        or(
          ...models.map((m) =>
            and(eq(contentType.appLabel, m.appLabel), eq(contentType.model, m.model)),
          ),
        ),
      ),
    )
    .orderBy(
      asc(contentType.appLabel),
      asc(contentType.model),
      asc(membership.scopePk),
      asc(group.name),
    );
  const byScope = new Map<
    string,
    { appLabel: string; model: string; key: string; roles: string[] }
  >();
  for (const row of rows) {
    const scope = `${row.appLabel}.${row.model}:${row.key}`;
    const entry = byScope.get(scope) ?? {
      appLabel: row.appLabel,
      model: row.model,
      key: row.key,
      roles: [],
    };
    entry.roles.push(row.role);
    byScope.set(scope, entry);
  }
  return [...byScope].map(([scope, entry]) => ({ scope, ...entry }));
}
