import type { AnyPgDatabase } from '@warden/authz';
import { and, eq, sql } from 'drizzle-orm';
import { loginThrottle } from './schema';
import { type Clock, systemClock } from './users';

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

/**
 * Slows down password guessing: after too many failures for one username or one client address
 * the login answers 429 with Retry-After. Counts live in Postgres so several server processes share
 * them; a success resets the username's count (not the address's, which may be shared by many).
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
  // Usernames are compared as Django compares them at login: exactly, but case-folded here so
  // "Ann" and "ann" share a counter (an attacker gains nothing from case variants).
  const keys = (username: string, address: string): Array<[Scope, string]> => [
    ['username', username.toLowerCase()],
    ['address', address],
  ];

  return {
    /** Seconds until a login may be tried again, or 0 when it may be tried now. */
    async retryAfter(username: string, address: string): Promise<number> {
      let wait = 0;
      const at = now().getTime();
      for (const [scope, key] of keys(username, address)) {
        const [row] = await db
          .select({ blockedUntil: loginThrottle.blockedUntil })
          .from(loginThrottle)
          .where(and(eq(loginThrottle.scope, scope), eq(loginThrottle.key, key)));
        const until = row?.blockedUntil?.getTime() ?? 0;
        if (until > at) wait = Math.max(wait, Math.ceil((until - at) / 1000));
      }
      return wait;
    },

    /** Counts a failure for both keys; one upsert each, atomic under concurrency. */
    async recordFailure(username: string, address: string): Promise<void> {
      const at = now();
      const windowStart = new Date(at.getTime() - windowMs);
      const lockedUntil = new Date(at.getTime() + lockMs);
      for (const [scope, key] of keys(username, address)) {
        const fresh = sql`${loginThrottle.windowStart} < ${windowStart.toISOString()}::timestamptz`;
        const failures = sql`case when ${fresh} then 1 else ${loginThrottle.failures} + 1 end`;
        await db
          .insert(loginThrottle)
          .values({
            scope,
            key,
            failures: 1,
            windowStart: at,
            blockedUntil: limits[scope] <= 1 ? lockedUntil : null,
          })
          .onConflictDoUpdate({
            target: [loginThrottle.scope, loginThrottle.key],
            set: {
              failures,
              windowStart: sql`case when ${fresh} then ${at.toISOString()}::timestamptz else ${loginThrottle.windowStart} end`,
              blockedUntil: sql`case when ${failures} >= ${limits[scope]} then ${lockedUntil.toISOString()}::timestamptz else ${loginThrottle.blockedUntil} end`,
            },
          });
      }
    },

    async recordSuccess(username: string): Promise<void> {
      await db
        .delete(loginThrottle)
        .where(
          and(eq(loginThrottle.scope, 'username'), eq(loginThrottle.key, username.toLowerCase())),
        );
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
