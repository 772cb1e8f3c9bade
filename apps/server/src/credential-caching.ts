import {
  type CredentialCache,
  createCredentialCache,
  INVALIDATION_CHANNEL,
  invalidationSender,
} from '@warden/auth';
import type { DbHandle } from '@warden/db';
import type { MiddlewareHandler } from 'hono';

export interface CredentialCaching {
  readonly cache: CredentialCache;
  /** Settles once the first LISTEN was tried (the cache is used only while it holds). */
  readonly ready: Promise<void>;
  /** After an unsafe request: its own changes are heard here before its response goes out. */
  readonly syncAfterWrites: MiddlewareHandler;
}

/**
 * The credential cache of this process, fed by the invalidation triggers' NOTIFY on a LISTEN
 * connection of its own (issue 9). Other processes hear a change within a notification's trip
 * (measured in docs/performance.md); this one waits for it before answering the request that
 * made it, so a revoke's response means the revoke is in force here. A heartbeat sync every 2 s
 * turns the cache off when the listener stops hearing (a silent network, a pooler in transaction
 * mode), until it hears again.
 */
export function credentialCaching(db: DbHandle): CredentialCaching {
  const cache = createCredentialCache();
  const send = invalidationSender(db.db);
  // Before LISTEN: its first `listening(true)` then proves itself with a sync at once. The timer
  // is unref'd, and its syncs do nothing once the database is closed (the listener is down).
  cache.heartbeat(send);
  const ready = db
    .listen(INVALIDATION_CHANNEL, {
      onNotify: (payload) => cache.notified(payload),
      onState: (up) => cache.listening(up),
    })
    .then(
      () => {},
      (error: unknown) => console.error('credential cache: LISTEN failed, cache off:', error),
    );
  return {
    cache,
    ready,
    syncAfterWrites: async function syncAfterWrites(c, next) {
      await next();
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD') await cache.sync(send);
    },
  };
}
