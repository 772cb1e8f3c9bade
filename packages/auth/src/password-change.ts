import {
  type Actor,
  type AnyPgDatabase,
  type AuditVia,
  checkAccountChange,
  isOperator,
  recordChange,
} from '@warden/authz';
import { user } from '@warden/authz/schema';
import { eq } from 'drizzle-orm';
import { type CredentialsEnded, endCredentials } from './credentials.js';
import { hashPassword, verifyPassword } from './passwords.js';

export const MIN_PASSWORD_LENGTH = 8;

/**
 * Sets a user's password, in one transaction with the escalation rules of `@warden/authz` (only a
 * superuser sets a superuser's password; nobody sets the password of a user who holds more than
 * they do), and ends the user's credentials: every session but `keepSessionId` (the one changing
 * it, as Django's update_session_auth_hash keeps it) and every API token, since a new password is
 * what one sets after a leak, and a token minted by whoever had the old one must not outlive it.
 */
export async function setPassword(
  db: AnyPgDatabase,
  userId: number,
  newPassword: string,
  options: { actor: Actor; via?: AuditVia | undefined; keepSessionId?: string | undefined },
): Promise<CredentialsEnded> {
  const hash = await hashPassword(newPassword);
  return db.transaction(async (tx) => {
    await checkAccountChange(tx, options.actor, userId, { password: true });
    await tx.update(user).set({ password: hash }).where(eq(user.id, userId));
    const ended = await endCredentials(tx, userId, options.keepSessionId);
    // The audit row says that it happened and what it ended; never a hash.
    const via = options.via ?? (isOperator(options.actor) ? 'cli' : 'app');
    await recordChange(tx, options.actor, via, {
      action: 'set-password',
      targetUserId: userId,
      after: { ...ended },
    });
    return ended;
  });
}

/** The user's own change: the current password must be right. */
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
  if (row === undefined || !(await verifyPassword(row.password, input.currentPassword)).ok)
    return { ok: false };
  const actor = { id: input.userId, isActive: row.isActive, isSuperuser: row.isSuperuser };
  const { sessionsEnded, tokensEnded } = await setPassword(db, input.userId, input.newPassword, {
    actor,
    via: input.via,
    keepSessionId: input.keepSessionId,
  });
  return { ok: true, otherSessionsEnded: sessionsEnded, tokensEnded };
}
