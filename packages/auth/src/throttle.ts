import type { AnyPgDatabase } from '@warden/authz';
import { and, eq, sql } from 'drizzle-orm';
import { loginThrottle } from './schema.js';
import { type Clock, systemClock } from './users.js';

export interface ThrottleOptions {
  db: AnyPgDatabase;
  clock?: Clock;
  /** Failures per username within the window before it is locked. Default 5. */
  maxUsernameFailures?: number;
  /** Failures per client address within the window (many usernames, one attacker). Default 20. */
  maxAddressFailures?: number;
  /** Counting window, and how long a lock lasts. Default 15 minutes each. */
  windowMs?: number;
  lockMs?: number;
}

type Scope = 'username' | 'address';

// Usernames are compared as Django compares them at login: exactly, but case-folded here so
// "Ann" and "ann" share a counter (an attacker gains nothing from case variants).
const usernameKey = (username: string) => username.toLowerCase();

/** The counters one attempt touches: the username's, and the address's when it is known. */
function keysOf(username: string, address: string | undefined): { scope: Scope; key: string }[] {
  const keys: { scope: Scope; key: string }[] = [{ scope: 'username', key: usernameKey(username) }];
  if (address !== undefined) keys.push({ scope: 'address', key: address });
  return keys;
}

/**
 * Slows down password guessing: after too many failures for one username or one client address
 * the login answers 429 with Retry-After. Counts live in Postgres so several server processes share
 * them; a success resets the username's count (not the address's, which may be shared by many).
 *
 * An attempt is counted *before* its password is verified, in one statement for both keys, and only
 * the attempts the count admits are verified. Checking first and counting after a failure let a
 * burst of concurrent guesses all pass the check before any was counted (40 concurrent
 * guesses against a limit of 5 were all verified). A success then gives its count back, so the
 * counters hold failures plus attempts still in flight.
 */
export function createLoginThrottle(options: ThrottleOptions) {
  const { db } = options;
  const now = options.clock ?? systemClock;
  const limits: Record<Scope, number> = {
    username: options.maxUsernameFailures ?? 5,
    address: options.maxAddressFailures ?? 20,
  };
  const windowMs = options.windowMs ?? 15 * 60_000;
  const lockMs = options.lockMs ?? 15 * 60_000;
  return {
    /**
     * Counts one login attempt for the username and the address, atomically, and answers whether
     * it may go on: 0, or the seconds until another attempt may be made (the attempt is refused).
     */
    async attempt(username: string, address: string | undefined): Promise<number> {
      const at = now();
      const atSql = sql`${at.toISOString()}::timestamptz`;
      const windowStart = sql`${new Date(at.getTime() - windowMs).toISOString()}::timestamptz`;
      const lockedUntil = sql`${new Date(at.getTime() + lockMs).toISOString()}::timestamptz`;
      const { scope, failures, blockedUntil } = loginThrottle;
      const limit = sql`case when ${scope} = 'username' then ${limits.username}::int else ${limits.address}::int end`;
      // A lock runs its course untouched (refused attempts do not extend it, so a user whose name
      // is under attack gets back in once it ends); after it, or once the window has passed,
      // counting starts again at 1.
      const locked = sql`${blockedUntil} > ${atSql}`;
      const stale = sql`(${blockedUntil} is not null or ${loginThrottle.windowStart} < ${windowStart})`;
      const count = sql`case when ${stale} then 1 else ${failures} + 1 end`;
      const rows = await db
        .insert(loginThrottle)
        .values(
          keysOf(username, address).map(({ scope: s, key }) => ({
            scope: s,
            key,
            failures: 1,
            windowStart: at,
            blockedUntil: limits[s] < 1 ? new Date(at.getTime() + lockMs) : null,
          })),
        )
        .onConflictDoUpdate({
          target: [loginThrottle.scope, loginThrottle.key],
          set: {
            failures: sql`case when ${locked} then ${failures} else ${count} end`,
            windowStart: sql`case when ${locked} then ${loginThrottle.windowStart} when ${stale} then ${atSql} else ${loginThrottle.windowStart} end`,
            blockedUntil: sql`case when ${locked} then ${blockedUntil} when ${count} > ${limit} then ${lockedUntil} else null end`,
          },
        })
        .returning({ blockedUntil: loginThrottle.blockedUntil });
      let wait = 0;
      for (const row of rows) {
        const until = row.blockedUntil?.getTime() ?? 0;
        if (until > at.getTime()) wait = Math.max(wait, Math.ceil((until - at.getTime()) / 1000));
      }
      return wait;
    },

    /**
     * A verified login: the username's count starts over, and the address gets back the attempt
     * counted for it (a success is no failure; an office behind one address logs in all day).
     */
    async recordSuccess(username: string, address: string | undefined): Promise<void> {
      await db
        .delete(loginThrottle)
        .where(
          and(eq(loginThrottle.scope, 'username'), eq(loginThrottle.key, usernameKey(username))),
        );
      if (address === undefined) return;
      await db
        .update(loginThrottle)
        .set({ failures: sql`greatest(${loginThrottle.failures} - 1, 0)` })
        .where(
          and(
            eq(loginThrottle.scope, 'address'),
            eq(loginThrottle.key, address),
            sql`${loginThrottle.blockedUntil} is null`,
          ),
        );
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
