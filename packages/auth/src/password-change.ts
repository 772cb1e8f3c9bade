import {
  type Actor,
  type AnyPgDatabase,
  type AuditVia,
  checkAccountChange,
  type EscalationContext,
  isOperator,
  PermissionDeniedError,
  recordChange,
} from '@warden/authz';
import { user } from '@warden/authz/schema';
import { and, eq } from 'drizzle-orm';
import { type CredentialsEnded, endCredentials } from './credentials.js';
import { hashPassword, verifyPassword } from './passwords.js';

export const MIN_PASSWORD_LENGTH = 8;

/**
 * Sets a user's password, in one transaction with the escalation rules of `@warden/authz` (only a
 * superuser sets a superuser's password; nobody sets the password of a user who holds more than
 * they do, owned rows included, hence the app's `registry`), and ends the user's credentials:
 * every session but `keepSessionId` (the one changing it, as Django's update_session_auth_hash
 * keeps it) and every API token, since a new password is what one sets after a leak, and a token
 * minted by whoever had the old one must not outlive it.
 *
 * A user setting their own password must give the current one (`currentPassword`), as
 * `changePassword` asks: a stolen staff session must not become the account.
 */
export async function setPassword(
  db: AnyPgDatabase,
  userId: number,
  newPassword: string,
  options: {
    actor: Actor;
    registry: EscalationContext;
    via?: AuditVia | undefined;
    keepSessionId?: string | undefined;
    currentPassword?: string | undefined;
  },
): Promise<CredentialsEnded> {
  const { actor } = options;
  const via = options.via ?? (isOperator(actor) ? 'cli' : 'app');
  if (!isOperator(actor) && actor.id === userId) {
    if (options.currentPassword === undefined)
      throw new PermissionDeniedError('to set your own password, give your current password');
    const changed = await changePassword(db, {
      userId,
      currentPassword: options.currentPassword,
      newPassword,
      via,
      ...(options.keepSessionId === undefined ? {} : { keepSessionId: options.keepSessionId }),
    });
    if (!changed.ok) throw new PermissionDeniedError('your current password is not right');
    return { sessionsEnded: changed.otherSessionsEnded, tokensEnded: changed.tokensEnded };
  }
  const hash = await hashPassword(newPassword);
  return db.transaction(async (tx) => {
    await checkAccountChange(tx, actor, userId, { password: true }, options.registry);
    await tx.update(user).set({ password: hash }).where(eq(user.id, userId));
    const ended = await endCredentials(tx, userId, options.keepSessionId);
    await recordPasswordSet(tx, actor, via, userId, ended);
    return ended;
  });
}

/** The audit row says that it happened and what it ended; never a hash. */
const recordPasswordSet = (
  tx: AnyPgDatabase,
  actor: Actor,
  via: AuditVia,
  userId: number,
  ended: CredentialsEnded,
) =>
  recordChange(tx, actor, via, {
    action: 'set-password',
    targetUserId: userId,
    after: { ...ended },
  });

/**
 * The user's own change: the current password must be right, and still be the password when the
 * new one is written (two changes racing each other cannot both pass on the same old password).
 */
export async function changePassword(
  db: AnyPgDatabase,
  input: {
    userId: number;
    keepSessionId?: string;
    currentPassword: string;
    newPassword: string;
    via?: AuditVia;
  },
): Promise<{ ok: true; otherSessionsEnded: number; tokensEnded: number } | { ok: false }> {
  const [row] = await db
    .select({ password: user.password, isActive: user.isActive, isSuperuser: user.isSuperuser })
    .from(user)
    .where(eq(user.id, input.userId));
  if (row === undefined || !row.isActive) return { ok: false };
  if (!(await verifyPassword(row.password, input.currentPassword)).ok) return { ok: false };
  const hash = await hashPassword(input.newPassword);
  const actor = { id: input.userId, isActive: row.isActive, isSuperuser: row.isSuperuser };
  return db.transaction(async (tx) => {
    const written = await tx
      .update(user)
      .set({ password: hash })
      .where(
        and(eq(user.id, input.userId), eq(user.password, row.password), eq(user.isActive, true)),
      )
      .returning({ id: user.id });
    if (written.length === 0) return { ok: false };
    const ended = await endCredentials(tx, input.userId, input.keepSessionId);
    await recordPasswordSet(tx, actor, input.via ?? 'app', input.userId, ended);
    return { ok: true, otherSessionsEnded: ended.sessionsEnded, tokensEnded: ended.tokensEnded };
  });
}
