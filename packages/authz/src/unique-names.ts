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

/**
 * Inserts a new account, or throws `usernameTaken` when its name is taken (in any case): the insert
 * itself decides a race for the name (`on conflict do nothing` waits for the other transaction),
 * so two concurrent creates end in one row and a 409, never a unique violation (500).
 */
export async function insertAccount(
  tx: AnyPgDatabase,
  input: {
    username: string;
    email?: string | undefined;
    passwordHash?: string | undefined;
    isActive?: boolean | undefined;
    isStaff?: boolean | undefined;
    isSuperuser?: boolean | undefined;
  },
): Promise<{ id: number }> {
  const [row] = await tx
    .insert(user)
    .values({
      username: input.username,
      email: input.email ?? '',
      password: input.passwordHash ?? '',
      isActive: input.isActive ?? true,
      isStaff: input.isStaff ?? false,
      isSuperuser: input.isSuperuser ?? false,
    })
    .onConflictDoNothing()
    .returning({ id: user.id });
  if (row === undefined) throw await usernameTaken(tx, input.username);
  return row;
}
