import { eq, sql } from 'drizzle-orm';
import { ConflictError } from './errors.js';
import { user } from './schema.js';
import type { AnyPgDatabase } from './types.js';

// Usernames are unique regardless of case (`auth_user_username_lower_key`, migration 0004) and
// group names exactly, as Django's; the grants API's creates insert with `on conflict do nothing`,
// so a race for a name ends in one row and ConflictErrors (409), never a unique violation (500).

/**
 * The refusal of a username that is taken, saying so when it is taken in another case only
 * (`Admin` beside `admin`: unique regardless of case, migration 0004).
 */
export async function usernameTaken(tx: AnyPgDatabase, username: string): Promise<ConflictError> {
  const [holder] = await tx
    .select({ username: user.username })
    .from(user)
    .where(eq(sql`lower(${user.username})`, sql`lower(${username})`));
  const why =
    holder === undefined || holder.username === username
      ? ''
      : ' (usernames are unique regardless of case)';
  return new ConflictError(`username '${username}' is taken${why}`);
}
