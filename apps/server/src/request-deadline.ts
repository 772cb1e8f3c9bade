import { errorResponse } from '@warden/auth';
import type { Context, Next } from 'hono';

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
export function deadlineRunner({
  ms,
  onTimeout,
}: DeadlineOptions): (c: Context, next: Next) => Promise<Response | undefined> {
  const within = ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
  const lateAnswer = (c: Context): Response => {
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
  // One promise per request, settled by whichever comes first: the handler (undefined: its answer
  // stands) or the timer (the late answer). A handler that fails after the late answer settles
  // nothing and has no one to tell. Promise.race over the two, with its `then` and `finally`,
  // made four.
  return function runWithinDeadline(c, next) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(lateAnswer(c)), ms);
      next().then(
        () => {
          clearTimeout(timer);
          resolve(undefined);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  };
}
