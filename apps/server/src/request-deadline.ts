import { errorResponse } from '@warden/auth';
import type { MiddlewareHandler } from 'hono';

export interface DeadlineOptions {
  /** How long a request may take before it is answered without its handler. */
  ms: number;
  /** Told when a request missed the deadline (counted as a security event by the app). */
  onTimeout?: (method: string, path: string) => void;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Answers a request that has not been answered within `ms`, so no client waits without bound. A
 * database that stops answering without closing the connection (a silent network partition) held
 * requests for minutes: postgres.js has no query timeout, and TCP gives up after about 15 minutes
 * (measured: still waiting after 90 s through a proxy that swallowed the traffic).
 *
 * A safe request gets 503 with `Retry-After`. An unsafe one gets 504 and says the change may or may
 * not have been made: its handler is not stopped (the database may still commit it), so a blind
 * retry could make it twice.
 */
export function requestDeadline({ ms, onTimeout }: DeadlineOptions): MiddlewareHandler {
  const within = ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
  return async function deadline(c, next) {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), ms);
    });
    const work = next().then(() => 'done' as const);
    work.catch(() => {}); // once answered late, a later failure of the handler has no one to tell
    const outcome = await Promise.race([work, late]).finally(() => clearTimeout(timer));
    if (outcome === 'done') return;
    onTimeout?.(c.req.method, c.req.path);
    if (SAFE.has(c.req.method)) {
      c.header('Retry-After', '5');
      return errorResponse(
        c,
        'SERVICE_UNAVAILABLE',
        `no answer within ${within}; try again shortly`,
      );
    }
    return errorResponse(
      c,
      'GATEWAY_TIMEOUT',
      `no answer within ${within}; the change may or may not have been made: look before trying again`,
    );
  };
}
