import { eq, inArray } from 'drizzle-orm';
import { PermissionDeniedError } from './errors.js';
import { type Actor, existingAccount, ruledActor } from './escalation.js';
import { fullCodename, modelPermissionsQuery, toModelPermissions } from './model-perms.js';
import { permissionIdSql } from './object-perms.js';
import { contentType, groupPermission, permission } from './schema.js';
import { type ScopeRow, scopeName } from './scoped-grants.js';
import { holdsInScope } from './scoped-perms.js';
import type { ScopeInfo } from './scopes.js';
import type { AnyPgDatabase } from './types.js';

// The escalation rules within a scope: what one may grant, and which roles one may hand out, in an
// organization is what one holds there (globally, or by a grant or a role on that row or above it).
// A tenant's admin who may change products in Acme may grant that in Acme, and nowhere else.

/** Whether the actor holds `codename` within the scope row: globally, or there or above it. */
async function heldWithin(
  tx: AnyPgDatabase,
  scopes: readonly ScopeInfo[],
  acting: { id: number; isActive: boolean; isSuperuser: boolean },
  globally: ReadonlySet<string>,
  codename: string,
  scope: ScopeRow,
): Promise<boolean> {
  if (globally.has(codename)) return true;
  const [appLabel = '', local = ''] = codename.split('.');
  return holdsInScope(tx, scopes, acting, permissionIdSql(appLabel, local), scope.model, scope.key);
}

/** Rules 1 and 3 within a scope: only the codename the actor holds there may be granted there. */
export async function checkScopedGrantChange(
  tx: AnyPgDatabase,
  actor: Actor,
  target: { userId: number } | { groupId: number },
  codename: string,
  scope: ScopeRow,
  scopes: readonly ScopeInfo[],
): Promise<void> {
  const acting = await ruledActor(tx, actor);
  if (acting === null) return;
  if ('userId' in target) {
    const row = await existingAccount(tx, target.userId);
    if (row.isSuperuser)
      throw new PermissionDeniedError(
        `only a superuser may grant or revoke on the superuser '${row.username}'`,
      );
  }
  const globally = toModelPermissions(await modelPermissionsQuery(tx, acting.id)).all;
  if (!(await heldWithin(tx, scopes, acting, globally, codename, scope))) {
    throw new PermissionDeniedError(
      `you may not grant or revoke '${codename}' within ${scopeName(scope)}: you do not hold it there`,
    );
  }
}

/**
 * Rules 1 and 4 within a scope: only a superuser changes a superuser's roles, and nobody gives or
 * takes a role in a scope unless they hold, there, every model grant of the role's group (what a
 * membership confers).
 */
export async function checkScopedMembershipChange(
  tx: AnyPgDatabase,
  actor: Actor,
  userId: number,
  groupId: number,
  scope: ScopeRow,
  scopes: readonly ScopeInfo[],
): Promise<void> {
  const acting = await ruledActor(tx, actor);
  if (acting === null) return;
  const member = await existingAccount(tx, userId);
  if (member.isSuperuser)
    throw new PermissionDeniedError(
      `only a superuser may change the roles of the superuser '${member.username}'`,
    );
  await checkRolesHeld(tx, acting, [groupId], scope, scopes);
}

/**
 * Rule 4 for roles given by an invitation: the actor (the sender, when sending and again when it is
 * accepted) holds within the scope every model grant of every role.
 */
export async function checkScopedRoles(
  tx: AnyPgDatabase,
  actor: Actor,
  groupIds: readonly number[],
  scope: ScopeRow,
  scopes: readonly ScopeInfo[],
): Promise<void> {
  const acting = await ruledActor(tx, actor);
  if (acting !== null) await checkRolesHeld(tx, acting, groupIds, scope, scopes);
}

async function checkRolesHeld(
  tx: AnyPgDatabase,
  acting: { id: number; isActive: boolean; isSuperuser: boolean },
  groupIds: readonly number[],
  scope: ScopeRow,
  scopes: readonly ScopeInfo[],
): Promise<void> {
  if (groupIds.length === 0) return;
  const roleGrants = await tx
    .selectDistinct({ codename: fullCodename })
    .from(groupPermission)
    .innerJoin(permission, eq(permission.id, groupPermission.permissionId))
    .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
    .where(inArray(groupPermission.groupId, [...groupIds]));
  const globally = toModelPermissions(await modelPermissionsQuery(tx, acting.id)).all;
  const missing: string[] = [];
  for (const { codename } of roleGrants)
    if (!(await heldWithin(tx, scopes, acting, globally, codename, scope))) missing.push(codename);
  if (missing.length > 0) {
    const what = groupIds.length === 1 ? 'the role holds' : 'the roles hold';
    throw new PermissionDeniedError(
      `${what} what you do not within ${scopeName(scope)} (${missing.sort().join(', ')}): only someone who holds all of it there may give or take it`,
    );
  }
}
