import { type AnyPgDatabase, CredentialEndedError } from '@warden/authz';
import { user } from '@warden/authz/schema';
import { and, eq, ne } from 'drizzle-orm';
import { apiToken, session } from './schema.js';

// Issuing a credential and ending all of a user's credentials are ordered on the user's row.
// Before, a token minted with a stolen session while the victim logged out everywhere, and a
// login with the old password racing a password change, each committed after the recovery's
// delete had looked, and outlived it (2–6 per round). Now `endCredentials` locks the row FOR
// UPDATE before it deletes, and a new credential is inserted only after locking the same row FOR
// SHARE and finding its basis still current. Whichever comes second waits for the first to
// commit: a credential issued first is deleted by the recovery; one issued after finds its basis
// (the session, the token, the password hash) gone and is refused. Deactivation updates the row,
// which takes the same lock, and its trigger ends the credentials (auth migration 0002).

export interface CredentialsEnded {
  sessionsEnded: number;
  tokensEnded: number;
}

/**
 * What a new credential is issued on, checked in the transaction that creates it:
 * - `{ passwordHash }`: a login; the stored hash the password was verified against must still be
 *   the user's;
 * - `{ session }` / `{ token }`: the id of the session or API token the asking request came with,
 *   which must still exist;
 * - `'operator'`: code with the database owner's authority (a CLI, a seed, a test), which no
 *   recovery races.
 * In every case the user must be active.
 */
export type CredentialBasis =
  | { readonly passwordHash: string }
  | { readonly session: string }
  | { readonly token: string }
  | 'operator';

/** The basis of a request's own credential: the session or token it came with. */
export function basisOf(auth: {
  session: { id: string } | null;
  apiToken: { id: string } | null;
}): CredentialBasis {
  if (auth.session !== null) return { session: auth.session.id };
  if (auth.apiToken !== null) return { token: auth.apiToken.id };
  throw new CredentialEndedError('the request has no credential to issue another on');
}

/**
 * Locks the user's row against `endCredentials` until the transaction ends, and throws
 * `CredentialEndedError` unless the user is active and `basis` still holds. Call it in the
 * transaction that inserts the credential, before the insert.
 */
export async function lockIssuingUser(
  tx: AnyPgDatabase,
  userId: number,
  basis: CredentialBasis,
): Promise<void> {
  const [row] = await tx
    .select({ password: user.password, isActive: user.isActive })
    .from(user)
    .where(eq(user.id, userId))
    .for('share');
  let current = row?.isActive === true;
  if (current && typeof basis === 'object') {
    if ('passwordHash' in basis) current = row?.password === basis.passwordHash;
    else {
      const [found] =
        'session' in basis
          ? await tx
              .select({ id: session.id })
              .from(session)
              .where(and(eq(session.id, basis.session), eq(session.userId, userId)))
          : await tx
              .select({ id: apiToken.id })
              .from(apiToken)
              .where(and(eq(apiToken.id, basis.token), eq(apiToken.userId, userId)));
      current = found !== undefined;
    }
  }
  if (!current) {
    throw new CredentialEndedError(
      'the credential this was asked with has ended (logged out, password changed, or deactivated)',
    );
  }
}

/**
 * Ends every credential of a user: their sessions (all but `keepSessionId`, the browser that asked)
 * and their API tokens. Used by "log out everywhere" and by password changes: both are what a user
 * does after a leak, and a token minted by whoever held the session must not outlive it. Locks the
 * user's row first (see above), so nothing issued concurrently survives.
 */
export async function endCredentials(
  tx: AnyPgDatabase,
  userId: number,
  keepSessionId?: string,
): Promise<CredentialsEnded> {
  await tx.select({ id: user.id }).from(user).where(eq(user.id, userId)).for('update');
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
