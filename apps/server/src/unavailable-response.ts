import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { DATABASE_UNAVAILABLE } from '@warden/api';
import { TRPC_PATH } from '@warden/auth';
import type { Context } from 'hono';

type Unavailable =
  | { status: 503; code: 'SERVICE_UNAVAILABLE' }
  | { status: 504; code: 'GATEWAY_TIMEOUT' };

/**
 * A 503 or 504 in the shape the caller reads: on `/trpc` tRPC's envelope, so the typed client
 * gets the code; elsewhere `{ error: { code, message } }`.
 */
export function unavailable(c: Context, { status, code }: Unavailable, message: string): Response {
  const path = c.req.path;
  if (path === TRPC_PATH || path.startsWith(`${TRPC_PATH}/`)) {
    return c.json(
      {
        error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus: status } },
      },
      status,
    );
  }
  return c.json({ error: { code, message } }, status);
}

/**
 * 503 for a request that needed the database while it could not be reached (in authentication,
 * before any procedure ran): fail closed, never a guess. `Retry-After` tells a client when trying
 * again makes sense.
 */
export function databaseUnavailable(c: Context): Response {
  c.header('Retry-After', '5');
  return unavailable(c, { status: 503, code: 'SERVICE_UNAVAILABLE' }, DATABASE_UNAVAILABLE);
}
