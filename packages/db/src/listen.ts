import type { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';

/** What a LISTEN subscriber is told: each payload, and whether it is hearing them at all. */
export interface ListenHandlers {
  onNotify(payload: string): void;
  /**
   * `true` once LISTEN is in place (again), `false` when the connection that held it is lost:
   * notifications sent in between are never delivered, so whatever they would have invalidated
   * must be treated as unknown until the next `true`.
   */
  onState(listening: boolean): void;
}

/** Stops listening; for Postgres, closes the listening connection. Idempotent. */
export type Unlisten = () => Promise<void>;

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * LISTEN on a connection of its own (not the pool's: a pooled connection is shared and may be
 * recycled). Not postgres.js's `sql.listen`: it re-listens after a reconnect but never says the
 * connection was lost, and a cache fed by it must know (fail closed). Reconnects with backoff.
 */
export function listenPostgres(url: string, channel: string, handlers: ListenHandlers): Unlisten {
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

/** LISTEN on PGlite: one process, one connection, so it is never lost while the database is open. */
export async function listenPglite(
  pg: PGlite,
  channel: string,
  handlers: ListenHandlers,
): Promise<Unlisten> {
  const stop = await pg.listen(channel, (payload) => handlers.onNotify(payload));
  handlers.onState(true);
  let stopped = false;
  return async () => {
    if (stopped) return;
    stopped = true;
    handlers.onState(false);
    if (!pg.closed) await stop();
  };
}
