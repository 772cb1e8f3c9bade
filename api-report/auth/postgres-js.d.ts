// @warden/auth/postgres-js
import type { CredentialCacheSource } from './cache-invalidation.js';
export type { CredentialCacheSource } from './cache-invalidation.js';
/**
 * The credential cache of `createAuth({ cache })` on postgres.js: LISTEN on a connection of its
 * own to `url` (with `sslmode` and the like in its query, as postgres.js reads them), opened when
 * `createAuth` starts it and closed by `auth.close()`. Give it Postgres itself: a pooler in
 * transaction mode (PgBouncer) hands the listening session to other clients, and the cache
 * would stay off.
 *
 * @example
 * import { createAuth } from '@warden/auth';
 * import { credentialCache } from '@warden/auth/postgres-js';
 *
 * const url = 'postgres://app@db.internal:5432/app'; // Postgres itself, as your pool's URL is
 * const auth = createAuth({ db: drizzle(postgres(url)), secure: true, cache: credentialCache(url) });
 */
export declare function credentialCache(url: string): CredentialCacheSource;
