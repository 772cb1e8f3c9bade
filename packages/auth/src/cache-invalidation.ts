import type { AnyPgDatabase } from '@warden/authz';
import {
  type CredentialCache,
  createCredentialCache,
  INVALIDATION_CHANNEL,
  invalidationSender,
} from './credential-cache.js';

/** What a LISTEN tells the credential cache: each payload, and whether it is hearing them at all. */
export interface ListenHandlers {
  onNotify(payload: string): void;
  /**
   * `true` once LISTEN is in place (again), `false` when the connection that held it is lost:
   * notifications sent in between are never delivered, so whatever they would have invalidated
   * is unknown until the next `true`.
   */
  onState(listening: boolean): void;
}

/**
 * Where the credential cache hears the database's invalidations: a LISTEN that says when it is
 * lost. `credentialCache(…)` of `@warden/auth/postgres-js` or `@warden/auth/pglite` makes one;
 * nothing starts until `createAuth` is given it. For another driver, listen on a connection of
 * its own (a pooled one is shared and recycled), call `onState(false)` whenever it is lost and
 * `onState(true)` once LISTEN is in place again; the heartbeat catches a loss it cannot see.
 */
export interface CredentialCacheSource {
  /** Starts listening on `channel`; returns the function that stops it and closes what it opened. */
  listen(channel: string, handlers: ListenHandlers): () => Promise<void>;
}

/** Whether the credential cache is in use, for a health check. */
export interface CredentialCacheStatus {
  /** Listening, and the last heartbeat came back: entries are used. */
  readonly enabled: boolean;
  readonly size: number;
}

/** A cache kept heard: the cache, its status, the sync a write awaits, and the stop of both. */
export interface HeardCache {
  readonly cache: CredentialCache;
  readonly status: CredentialCacheStatus;
  /** Resolves once this process has heard every change committed before the call (or gave up). */
  settle(): Promise<unknown>;
  /** Stops the heartbeat and the LISTEN. Idempotent. */
  stop(): Promise<void>;
}

/**
 * A credential cache fed from `source`, which proves it hears: the heartbeat sends its NOTIFY
 * through `db`, the pool the app writes with, so a sync that came back has followed every write
 * committed before it (Postgres delivers notifications in commit order).
 */
export function heardCache(source: CredentialCacheSource, db: AnyPgDatabase): HeardCache {
  const cache = createCredentialCache();
  const send = invalidationSender(db);
  // Before LISTEN: its first `listening(true)` then proves itself with a sync at once.
  const stopBeating = cache.heartbeat(send);
  const unlisten = source.listen(INVALIDATION_CHANNEL, {
    onNotify: (payload) => cache.notified(payload),
    onState: (up) => cache.listening(up),
  });
  let stopped: Promise<void> | undefined;
  return {
    cache,
    status: {
      get enabled() {
        return cache.enabled;
      },
      get size() {
        return cache.size;
      },
    },
    settle: () => cache.sync(send),
    stop() {
      stopped ??= (async () => {
        stopBeating();
        await unlisten();
        cache.listening(false); // whatever the source reported last, nothing is heard now
      })();
      return stopped;
    },
  };
}
