// @warden/auth/pglite
import type { PGliteInterface } from '@electric-sql/pglite';
import type { CredentialCacheSource } from './cache-invalidation.js';
export type { CredentialCacheSource } from './cache-invalidation.js';
/**
 * The credential cache of `createAuth({ cache })` on PGlite: LISTEN on the client itself. PGlite
 * is one connection in one process, so the listener is never lost while the database is open;
 * once it is closed, the heartbeat's NOTIFY fails and the cache is off.
 *
 * @example
 * import { createAuth } from '@warden/auth';
 * import { credentialCache } from '@warden/auth/pglite';
 *
 * const client = new PGlite('.data/app');
 * const auth = createAuth({ db: drizzle(client), secure: false, cache: credentialCache(client) });
 */
export declare function credentialCache(client: Pick<PGliteInterface, 'listen' | 'closed'>): CredentialCacheSource;
