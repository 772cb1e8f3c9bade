import type { DbHandle } from '@warden/db';
import type { CredentialCacheSource, ListenHandlers } from '../src/cache-invalidation.js';
import { credentialCache as onPglite } from '../src/pglite.js';
import { credentialCache as onPostgres } from '../src/postgres-js.js';

/** The credential cache of the handle's driver, as an app picks its entry point. */
export function cacheSourceOf(handle: DbHandle): CredentialCacheSource {
  const target = handle.listenOn;
  return target.backend === 'pglite' ? onPglite(target.client) : onPostgres(target.url);
}

/**
 * `source` on a slow network: every notification arrives `ms` late, in order. What a process
 * far from the database sees; a response that did not wait for its own change would be stale.
 */
export function delayed(source: CredentialCacheSource, ms: number): CredentialCacheSource {
  return {
    listen: (channel, handlers: ListenHandlers) =>
      source.listen(channel, {
        onNotify: (payload) => setTimeout(() => handlers.onNotify(payload), ms),
        onState: (up) => handlers.onState(up),
      }),
  };
}

/** A LISTEN that never comes up (a listener that cannot connect): the cache must stay off. */
export const neverListening: CredentialCacheSource = {
  listen: () => async () => {},
};
