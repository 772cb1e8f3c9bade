import postgres from 'postgres';
import type { CredentialCacheSource, ListenHandlers } from './cache-invalidation.js';

export type { CredentialCacheSource } from './cache-invalidation.js';

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

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
export function credentialCache(url: string): CredentialCacheSource {
  return { listen: (channel, handlers) => listenPostgres(url, channel, handlers) };
}

/**
 * Not postgres.js's `sql.listen`: it re-listens after a reconnect but never says the connection
 * was lost, and the cache fed by it must know (fail closed). Reconnects with backoff.
 */
function listenPostgres(
  url: string,
  channel: string,
  handlers: ListenHandlers,
): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let attempt = 0;
  const options = {
    max: 1,
    idle_timeout: 0, // never idles out
    max_lifetime: null,
    fetch_types: false,
    onnotice: () => {},
    connection: { application_name: 'warden-listen' },
    // Not in postgres.js's Options type, but read by its connection (src/connection.js):
    // every NotificationResponse on this connection.
    onnotify: (from: string, payload: string) => {
      if (from === channel) handlers.onNotify(payload);
    },
    onclose: () => {
      handlers.onState(false);
      schedule();
    },
  };
  const client = postgres(url, options);

  function schedule() {
    if (stopped || timer !== undefined) return;
    const delay = Math.min(50 * 2 ** attempt++, 2_000);
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
  }

  async function connect() {
    if (stopped) return;
    try {
      await client.unsafe(`listen ${quoteIdent(channel)}`);
      attempt = 0;
      if (!stopped) handlers.onState(true);
    } catch {
      handlers.onState(false);
      schedule();
    }
  }

  void connect();
  return async () => {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    handlers.onState(false);
    await client.end({ timeout: 5 });
  };
}
