import type { AnyPgDatabase } from '@warden/authz';
import { user } from '@warden/authz/schema';
import { and, eq, ne } from 'drizzle-orm';
import { hashPassword, verifyPassword } from './passwords';
import { session } from './schema';

export const MIN_PASSWORD_LENGTH = 8;

/**
 * Sets a user's password and ends their sessions in one transaction: all of them, or all but
 * `keepSessionId` (the one changing it, as Django's update_session_auth_hash keeps it).
 */
export async function setPassword(
  db: AnyPgDatabase,
  userId: number,
  newPassword: string,
  keepSessionId?: string,
): Promise<{ sessionsEnded: number }> {
  const hash = await hashPassword(newPassword);
  return db.transaction(async (tx) => {
    await tx.update(user).set({ password: hash }).where(eq(user.id, userId));
    const ended =
      keepSessionId === undefined
        ? eq(session.userId, userId)
        : and(eq(session.userId, userId), ne(session.id, keepSessionId));
    return {
      sessionsEnded: (await tx.delete(session).where(ended).returning({ id: session.id })).length,
    };
  });
}

/** The user's own change: the current password must be right. */
export async function changePassword(
  db: AnyPgDatabase,
  input: { userId: number; keepSessionId?: string; currentPassword: string; newPassword: string },
): Promise<{ ok: true; otherSessionsEnded: number } | { ok: false }> {
  const [row] = await db
    .select({ password: user.password })
    .from(user)
    .where(eq(user.id, input.userId));
  if (!(await verifyPassword(row?.password ?? '', input.currentPassword)).ok) return { ok: false };
  const { sessionsEnded } = await setPassword(
    db,
    input.userId,
    input.newPassword,
    input.keepSessionId,
  );
  return { ok: true, otherSessionsEnded: sessionsEnded };
}
