import type { Context, MiddlewareHandler } from 'hono';
import { type DeadlineOptions, deadlineRunner } from './request-deadline.js';

export interface FrontDoorOptions {
  /**
   * Checks in order, each synchronous (no query, no body read): the first that answers refuses the
   * request, and nothing else runs (the allowed hosts, the tRPC batch limit).
   */
  readonly refusals: ReadonlyArray<(c: Context) => Response | undefined>;
  /** Run within it: no request waits without bound, whatever it waits for. */
  readonly deadline: DeadlineOptions;
  /** Steps on every answer, refusals and late answers included (security headers, no-store). */
  readonly finishers: ReadonlyArray<(c: Context) => void>;
}

/**
 * The server's own checks and headers around each request, as one middleware. Each was a
 * middleware of its own, and each layer costs an async function, its promise and hono's dispatch
 * on every request: ten no-op middlewares added 1–2.5 µs each to a protected call (bench's
 * `pnpm stack`), where the whole stack's extra over the same work was about 35 µs.
 */
export function frontDoor({ refusals, deadline, finishers }: FrontDoorOptions): MiddlewareHandler {
  const withinDeadline = deadlineRunner(deadline);
  return async function frontDoorMiddleware(c, next) {
    let refused: Response | undefined;
    for (const refuse of refusals) {
      refused = refuse(c);
      if (refused !== undefined) break;
    }
    const answer = refused ?? (await withinDeadline(c, next));
    if (answer !== undefined) c.res = answer;
    for (const finish of finishers) finish(c);
  };
}
