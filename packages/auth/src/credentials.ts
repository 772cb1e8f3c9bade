import type { AnyPgDatabase } from '@warden/authz';
import { and, eq, ne } from 'drizzle-orm';
import { apiToken, session } from './schema.js';

export interface CredentialsEnded {
  sessionsEnded: number;
  tokensEnded: number;
}

/**
 * Ends every credential of a user: their sessions (all but `keepSessionId`, the browser that asked)
 * and their API tokens. Used by "log out everywhere" and by password changes: both are what a user
 * does after a leak, and a token minted by whoever held the session must not outlive it.
 */
export async function endCredentials(
  tx: AnyPgDatabase,
  userId: number,
  keepSessionId?: string,
): Promise<CredentialsEnded> {
  const sessions = await tx
    .delete(session)
    .where(
      keepSessionId === undefined
        ? eq(session.userId, userId)
        : and(eq(session.userId, userId), ne(session.id, keepSessionId)),
    )
    .returning({ id: session.id });
  const tokens = await tx
    .delete(apiToken)
    .where(eq(apiToken.userId, userId))
    .returning({ id: apiToken.id });
  return { sessionsEnded: sessions.length, tokensEnded: tokens.length };
}
