import type { AnyPgDatabase } from '@warden/authz';
import {
  type PermissionRow,
  primeModelPermissions,
  primeScopedHoldings,
  type ScopedHoldingRow,
} from '@warden/authz/internal';
import { sql } from 'drizzle-orm';
import type { SessionUser } from './users.js';

/**
 * What a credential lookup loaded: the stored hash to check the secret against, the user, their
 * model permissions and their holdings on scope rows (memberships and scope grants).
 */
export interface CachedCredential {
  /** The stored SHA-256 of the secret, as hex (`storedDigest`): compared without a conversion. */
  readonly secretDigest: string;
  readonly userId: number;
  readonly user: SessionUser;
  readonly permissions: readonly PermissionRow[];
  /** Memberships with their roles' grants, and scope grants: `authz.memberships`, `load(…, within)`. */
  readonly scoped: readonly ScopedHoldingRow[];
  /** Sessions: when it was last verified (renewal and expiry). Tokens: when last used. */
  readonly touchedAt: Date | null;
  readonly createdAt: Date;
  /** Tokens only. */
  readonly name?: string;
  readonly expiresAt?: Date | null;
}

/**
 * The cached user as this request's own object, primed with its permissions and scoped holdings:
 * authz's per-request caches are keyed by the user object, so no two requests may share one.
 */
export function requestUser(entry: CachedCredential): {
  user: SessionUser;
  permissions: PermissionRow[];
} {
  const user: SessionUser = { ...entry.user };
  // Primed from the entry's own rows, so authz builds their sets once for every request; the
  // caller gets a copy it may do with as it likes.
  primeModelPermissions(user, entry.permissions);
  primeScopedHoldings(user, entry.scoped);
  return { user, permissions: [...entry.permissions] };
}

/** The NOTIFY channel the invalidation triggers (migration `auth_cache_notify`) send on. */
export const INVALIDATION_CHANNEL = 'warden_auth';

/** The `send` of `sync` and `heartbeat`: a NOTIFY on the invalidation channel through `db`. */
export function invalidationSender(db: AnyPgDatabase): (payload: string) => Promise<unknown> {
  return (payload) => db.execute(sql`select pg_notify(${INVALIDATION_CHANNEL}, ${payload})`);
}

/**
 * A cross-request cache of sessions and API tokens with their user and permission set, so a warm
 * request runs no SQL to authenticate. It is only correct while every change to what it holds is
 * heard: the database's triggers NOTIFY `u:<user id>` (a session or token ended, the user's row,
 * grants, group memberships, scope memberships or scope grants changed) or `*` (a group's grants or
 * scope grants, or its name, changed), and `notified` drops what they name. It holds and stores nothing (fail closed: every request reads the database, as
 * without a cache) until both `listening(true)` and a `sync` that came back, and again from any
 * `listening(false)` or any `sync` that did not: a LISTEN in place that hears nothing (a silent
 * network, a pooler in transaction mode) must not keep it on. `heartbeat` runs those syncs.
 */
export interface CredentialCache {
  /** The entry, only while notifications are heard. */
  get(key: string): CachedCredential | undefined;
  /** A stamp to take before reading the database, for `set`. */
  stamp(): number;
  /**
   * Stores what a read begun at `stamp` returned, unless anything was invalidated since (the read
   * may have seen the database from before a change whose NOTIFY has arrived in between).
   */
  set(key: string, value: CachedCredential, stamp: number): void;
  /** A payload of the invalidation channel. */
  notified(payload: string): void;
  /** Whether the LISTEN connection is up; any change drops every entry, and waits for a sync. */
  listening(up: boolean): void;
  /**
   * Read-your-writes for this process, and the proof that notifications are heard: sends
   * `sync:<n>` on the channel through `send` (a NOTIFY on the pool) and resolves when it comes
   * back. Postgres delivers notifications in commit order, so by then every change committed
   * before the call has been heard, and the cache is on. Not back within `timeoutMs` (or `send`
   * failed): everything is dropped and the cache is off until a later sync comes back. Resolves
   * with whether it came back.
   */
  sync(send: (payload: string) => Promise<unknown>, timeoutMs?: number): Promise<boolean>;
  /**
   * Syncs now, on every `listening(true)`, and every `intervalMs` (default 2 s) while listening:
   * a listener that stops hearing turns the cache off within `intervalMs` + `timeoutMs`. Returns
   * the function that stops it.
   */
  heartbeat(
    send: (payload: string) => Promise<unknown>,
    options?: { intervalMs?: number; timeoutMs?: number },
  ): () => void;
  readonly size: number;
  /** Whether entries are used at all: listening, and the last sync came back. */
  readonly enabled: boolean;
}

/** The entry bound: a warm set of sessions this large costs a few MB; more just reload. */
const DEFAULT_MAX_ENTRIES = 10_000;

export function createCredentialCache(maxEntries = DEFAULT_MAX_ENTRIES): CredentialCache {
  const entries = new Map<string, CachedCredential>();
  let up = false;
  // Whether the last sync since LISTEN was (re)established came back: notifications are heard.
  let heard = false;
  // Bumped by every listening(): a sync begun on an earlier LISTEN proves nothing of this one.
  let epoch = 0;
  // Bumped by every invalidation: a read that straddles one must not be stored.
  let generation = 0;
  const waiting = new Map<string, (back: boolean) => void>();
  // Not the pid: two machines' processes may share one, and one's sync must not answer the other's.
  const origin = crypto.randomUUID();
  let syncs = 0;
  let beat: (() => void) | undefined;

  function dropAll() {
    generation++;
    entries.clear();
  }

  function dropUser(userId: number) {
    for (const [key, value] of entries) if (value.userId === userId) entries.delete(key);
  }

  const cache: CredentialCache = {
    get: (key) => (up && heard ? entries.get(key) : undefined),
    stamp: () => generation,
    set(key, value, stamp) {
      if (!up || !heard || stamp !== generation) return;
      if (entries.size >= maxEntries && !entries.has(key)) {
        // Map iterates in insertion order: the oldest entry goes first.
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
      entries.set(key, value);
    },
    notified(payload) {
      if (payload.startsWith('sync:')) {
        waiting.get(payload)?.(true); // another process's sync changes nothing here
        return;
      }
      generation++;
      const user = /^u:(\d+)$/.exec(payload);
      if (user?.[1] !== undefined) dropUser(Number(user[1]));
      else entries.clear(); // '*', or anything we do not know: everything
    },
    listening(state) {
      up = state;
      heard = false;
      epoch++;
      dropAll();
      // Waiting writers may answer: nothing is cached to be stale (and this proves nothing).
      if (!up) for (const done of waiting.values()) done(false);
      else beat?.();
    },
    async sync(send, timeoutMs = 1_000) {
      if (!up) return false;
      const begun = epoch;
      const payload = `sync:${origin}:${++syncs}`;
      let timer: NodeJS.Timeout | undefined;
      const back = new Promise<boolean>((resolve) => {
        waiting.set(payload, resolve);
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      let heardIt = false;
      try {
        // The timeout covers the send too: a NOTIFY stuck on a silent connection is not heard,
        // and the request waiting on this sync must not wait for it.
        const sent = Promise.resolve().then(() => send(payload));
        heardIt = await Promise.race([sent.then(() => back), back]);
      } catch {
        heardIt = false;
      } finally {
        clearTimeout(timer);
        waiting.delete(payload);
      }
      if (heardIt) {
        if (up && begun === epoch) heard = true;
      } else if (up && begun === epoch) {
        heard = false;
        dropAll();
      }
      return heardIt;
    },
    heartbeat(send, options = {}) {
      const { intervalMs = 2_000, timeoutMs } = options;
      const probe = () => {
        void cache.sync(send, timeoutMs);
      };
      beat = probe;
      // unref: a heartbeat alone never keeps the process alive.
      const timer = setInterval(probe, intervalMs).unref();
      probe();
      return () => {
        clearInterval(timer);
        if (beat === probe) beat = undefined;
      };
    },
    get size() {
      return entries.size;
    },
    get enabled() {
      return up && heard;
    },
  };
  return cache;
}
