import { and, asc, eq, sql } from 'drizzle-orm';
import { type AuditVia, recordChange } from './audit.js';
import type { Actor } from './escalation.js';
import { group, membership, user } from './schema.js';
import { checkScopedMembershipChange } from './scoped-escalation.js';
import { contentTypeId, type ScopeRow, scopeName, writeMembershipRow } from './scoped-grants.js';
import type { ScopeInfo } from './scopes.js';
import type { AnyPgDatabase } from './types.js';

// The members of one scope row (an organization) and their roles: what its admins page lists, and
// changing a member's roles as one change.

/** A member of a scope row with their roles there. */
export interface ScopeMember {
  readonly id: number;
  readonly username: string;
  readonly email: string;
  readonly isActive: boolean;
  /** Role (group) names, sorted. */
  readonly roles: readonly string[];
}

/** The members of the scope row, by username: one statement. */
export async function membersOf(db: AnyPgDatabase, scope: ScopeRow): Promise<ScopeMember[]> {
  const typeId = await contentTypeId(db, scope.model);
  return db
    .select({
      id: user.id,
      username: user.username,
      email: user.email,
      isActive: user.isActive,
      roles: sql<string[]>`array_agg(${group.name} order by ${group.name})`,
    })
    .from(membership)
    .innerJoin(user, eq(user.id, membership.userId))
    .innerJoin(group, eq(group.id, membership.groupId))
    .where(and(eq(membership.scopeTypeId, typeId), eq(membership.scopePk, scope.key)))
    .groupBy(user.id)
    .orderBy(asc(user.username));
}

/**
 * Sets a member's roles within the scope row to exactly `groupIds` (none: no longer a member), in
 * the caller's transaction: each role given or taken is checked by the scoped escalation rules and
 * audited, and a refusal of one leaves every role as it was.
 */
export async function setRolesIn(
  tx: AnyPgDatabase,
  actor: Actor,
  via: AuditVia,
  userId: number,
  groupIds: readonly number[],
  scope: ScopeRow,
  scopes: readonly ScopeInfo[],
): Promise<{ added: number; removed: number }> {
  const typeId = await contentTypeId(tx, scope.model);
  const current = await tx
    .select({ groupId: membership.groupId })
    .from(membership)
    .where(
      and(
        eq(membership.userId, userId),
        eq(membership.scopeTypeId, typeId),
        eq(membership.scopePk, scope.key),
      ),
    )
    .for('update');
  const had = new Set(current.map((r) => r.groupId));
  const wanted = new Set(groupIds);
  const changes = [
    ...[...wanted].filter((g) => !had.has(g)).map((g) => ({ mode: 'add' as const, g })),
    ...[...had].filter((g) => !wanted.has(g)).map((g) => ({ mode: 'remove' as const, g })),
  ];
  for (const { g } of changes)
    await checkScopedMembershipChange(tx, actor, userId, g, scope, scopes);
  let added = 0;
  let removed = 0;
  for (const { mode, g } of changes) {
    if (!(await writeMembershipRow(tx, mode, userId, g, scope))) continue;
    if (mode === 'add') added++;
    else removed++;
    await recordChange(tx, actor, via, {
      action: mode === 'add' ? 'add-member' : 'remove-member',
      targetUserId: userId,
      targetGroupId: g,
      scope: scopeName(scope),
    });
  }
  return { added, removed };
}
