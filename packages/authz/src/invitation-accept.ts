import { asc, eq } from 'drizzle-orm';
import { type AuditVia, recordChange } from './audit.js';
import type { AppTables } from './codenames.js';
import { ConflictError, NotFoundError, PermissionDeniedError } from './errors.js';
import { storedKey } from './grant-lookups.js';
import { invitationDigest, isInvitationToken } from './invitation-rows.js';
import type { Joined } from './memberships.js';
import type { Registry } from './registry.js';
import { contentType, group, invitation, invitationRole } from './schema.js';
import { checkScopedRoles } from './scoped-escalation.js';
import { scopeName, writeMembershipRow } from './scoped-grants.js';
import type { AnyPgDatabase } from './types.js';

// Accepting an invitation, in the caller's transaction: the invitation row is locked first, so of
// two accepts of one link one joins and the other finds it used; everything that could make it
// void is checked before the user is created or joined, and the sender's authority is checked
// again (a sender demoted or deactivated since has sent nothing).

/** A link that names nothing, or that was withdrawn: one answer, so neither can be told apart. */
const NO_SUCH = 'this invitation does not exist or was withdrawn';

/**
 * Joins the user `userOf` returns (an existing one, or one it creates) by the invitation `token`
 * names: a membership of its scope row in each of its roles, each audited with the invitation.
 */
export async function joinByInvitation<TApps extends AppTables, C extends string>(
  tx: AnyPgDatabase,
  registry: Registry<TApps, C>,
  now: Date,
  token: string,
  via: AuditVia,
  userOf: () => Promise<number>,
): Promise<Joined> {
  if (!isInvitationToken(token)) throw new NotFoundError(NO_SUCH);
  const [row] = await tx
    .select({
      id: invitation.id,
      key: invitation.scopePk,
      invitedBy: invitation.invitedBy,
      expiresAt: invitation.expiresAt,
      acceptedAt: invitation.acceptedAt,
      appLabel: contentType.appLabel,
      model: contentType.model,
    })
    .from(invitation)
    .innerJoin(contentType, eq(contentType.id, invitation.scopeTypeId))
    .where(eq(invitation.tokenHash, invitationDigest(token)))
    .for('update', { of: invitation });
  if (row === undefined) throw new NotFoundError(NO_SUCH);
  if (row.acceptedAt !== null) throw new ConflictError('this invitation was already used');
  if (row.expiresAt <= now)
    throw new ConflictError('this invitation has expired: ask for a new one');
  const model = registry.models.find((m) => m.appLabel === row.appLabel && m.model === row.model);
  const key = model === undefined ? undefined : await storedKey(tx, model.table, row.key);
  if (model === undefined || key === undefined)
    throw new NotFoundError(`the ${row.model} this invitation joins is gone`);
  const scope = { model, key };
  const roles = await tx
    .select({ id: group.id, name: group.name })
    .from(invitationRole)
    .innerJoin(group, eq(group.id, invitationRole.groupId))
    .where(eq(invitationRole.invitationId, row.id))
    .orderBy(asc(group.name));
  if (roles.length === 0)
    throw new ConflictError('this invitation gives no role any more: its roles were deleted');
  if (row.invitedBy !== null) {
    const sender = { id: row.invitedBy, isActive: true, isSuperuser: false };
    try {
      await checkScopedRoles(
        tx,
        sender,
        roles.map((r) => r.id),
        scope,
        registry.scopes,
      );
    } catch (error) {
      if (!(error instanceof PermissionDeniedError)) throw error;
      throw new PermissionDeniedError(
        `this invitation is no longer valid: its sender may no longer give its roles within ${scopeName(scope)}`,
        { cause: error },
      );
    }
  }
  const userId = await userOf();
  await tx
    .update(invitation)
    .set({ acceptedAt: now, acceptedBy: userId })
    .where(eq(invitation.id, row.id));
  const actor = { id: userId, isActive: true, isSuperuser: false };
  for (const role of roles) {
    if (await writeMembershipRow(tx, 'add', userId, role.id, scope))
      await recordChange(tx, actor, via, {
        action: 'add-member',
        targetUserId: userId,
        targetGroupId: role.id,
        scope: scopeName(scope),
        after: { invitation: row.id },
      });
  }
  return {
    userId,
    scope: { appLabel: row.appLabel, model: row.model, key },
    roles: roles.map((r) => r.name),
  };
}
