import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { AppTables } from './codenames.js';
import type { Explanation } from './explain.js';
import type { Registry } from './registry.js';
import {
  group,
  groupPermission,
  groupScopePermission,
  membership,
  userGroup,
  userScopePermission,
} from './schema.js';
import { type ScopeRow, scopeName } from './scoped-grants.js';
import { loadScopedHoldings } from './scoped-holdings.js';
import { contentTypeIdSql, isScoped, scopeChain } from './scoped-perms.js';
import type { AnyPgDatabase, AuthUser } from './types.js';

const quoted = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');

/**
 * A model-level question's answer for a codename held only on scope rows: which rows. Read from the
 * user's scoped holdings (the credential cache's, on a warm request: no statement), so a refusal
 * outside the active organization can say where the codename is held.
 */
export async function explainWithin<TApps extends AppTables, C extends string>(
  db: AnyPgDatabase,
  registry: Registry<TApps, C>,
  user: AuthUser,
  codename: string,
): Promise<Explanation | undefined> {
  if (!isScoped(registry.scopes, registry.modelFor(registry.toCodename(codename))))
    return undefined;
  const { rows } = await loadScopedHoldings(db, user);
  const scopes = [...rows]
    .filter(([, held]) => held.codenames.has(codename))
    .map(([name]) => name)
    .sort();
  if (scopes.length === 0) return undefined;
  return {
    codename,
    allowed: false,
    reason: 'only-within',
    scopes,
    message: `no grant of ${codename} everywhere: held only within ${scopes.join(', ')} (act in one of them)`,
  };
}

/**
 * The scope behind an object permission, when nothing nearer grants it: walking up from the object
 * (the row itself as a scope, then its parent, …), the first row where the user has a scope grant,
 * a group of theirs has one, or they are a member with a role that has the permission.
 */
export async function explainScoped<TApps extends AppTables, C extends string>(
  db: AnyPgDatabase,
  registry: Registry<TApps, C>,
  user: AuthUser,
  codename: string,
  permissionId: SQL,
  key: string,
): Promise<Explanation | undefined> {
  const model = registry.modelFor(registry.toCodename(codename));
  if (!isScoped(registry.scopes, model)) return undefined;
  const chain = await scopeChain(db, registry.scopes, model, key);
  const object = `${model.appLabel}.${model.model} ${key}`;
  for (const [level, row] of chain.entries()) {
    const scope = scopeName(row);
    const where = level === 0 ? ` on ${object}` : ` within ${describe(row)}, above ${object}`;
    if (await userScopeGrant(db, user, permissionId, row))
      return {
        codename,
        allowed: true,
        reason: 'user-scope-grant',
        scope,
        message: `granted to the user${where}`,
      };
    const groups = await groupScopeGrants(db, user, permissionId, row);
    if (groups.length > 0)
      return {
        codename,
        allowed: true,
        reason: 'group-scope-grant',
        groups,
        scope,
        message: `granted${where} to the group(s) ${quoted(groups)}, which the user is in`,
      };
    const roles = await memberRoles(db, user, permissionId, row);
    if (roles.length > 0)
      return {
        codename,
        allowed: true,
        reason: 'membership',
        roles,
        scope,
        message: `the user is a member of ${describe(row)} as ${quoted(roles)}, whose grants hold${level === 0 ? ' there' : ` on ${object}`}`,
      };
  }
  return undefined;
}

const describe = (row: ScopeRow) => `${row.model.appLabel}.${row.model.model} ${row.key}`;

async function userScopeGrant(db: AnyPgDatabase, user: AuthUser, permissionId: SQL, row: ScopeRow) {
  const found = await db
    .select({ one: sql<number>`1` })
    .from(userScopePermission)
    .where(
      and(
        eq(userScopePermission.userId, user.id),
        sql`${userScopePermission.permissionId} = ${permissionId}`,
        sql`${userScopePermission.scopeTypeId} = ${contentTypeIdSql(row.model)}`,
        eq(userScopePermission.scopePk, row.key),
      ),
    );
  return found.length > 0;
}

async function groupScopeGrants(
  db: AnyPgDatabase,
  user: AuthUser,
  permissionId: SQL,
  row: ScopeRow,
): Promise<string[]> {
  const found = await db
    .select({ name: group.name })
    .from(userGroup)
    .innerJoin(groupScopePermission, eq(groupScopePermission.groupId, userGroup.groupId))
    .innerJoin(group, eq(group.id, userGroup.groupId))
    .where(
      and(
        eq(userGroup.userId, user.id),
        sql`${groupScopePermission.permissionId} = ${permissionId}`,
        sql`${groupScopePermission.scopeTypeId} = ${contentTypeIdSql(row.model)}`,
        eq(groupScopePermission.scopePk, row.key),
      ),
    )
    .orderBy(asc(group.name));
  return found.map((g) => g.name);
}

async function memberRoles(
  db: AnyPgDatabase,
  user: AuthUser,
  permissionId: SQL,
  row: ScopeRow,
): Promise<string[]> {
  const found = await db
    .select({ name: group.name })
    .from(membership)
    .innerJoin(groupPermission, eq(groupPermission.groupId, membership.groupId))
    .innerJoin(group, eq(group.id, membership.groupId))
    .where(
      and(
        eq(membership.userId, user.id),
        sql`${groupPermission.permissionId} = ${permissionId}`,
        sql`${membership.scopeTypeId} = ${contentTypeIdSql(row.model)}`,
        eq(membership.scopePk, row.key),
      ),
    )
    .orderBy(asc(group.name));
  return found.map((g) => g.name);
}
