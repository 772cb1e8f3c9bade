import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { DATABASE_UNAVAILABLE } from '@warden/api';
import { TRPC_PATH } from '@warden/auth';
import type { Context } from 'hono';

/**
 * 503 for a request that needed the database while it could not be reached (in authentication,
 * before any procedure ran): fail closed, never a guess. On `/trpc` in tRPC's envelope, so the
 * typed client reads `SERVICE_UNAVAILABLE`; elsewhere `{ error: { code, message } }`. `Retry-After`
 * tells a client when trying again makes sense.
 */
export function databaseUnavailable(c: Context): Response {
  c.header('Retry-After', '5');
  const path = c.req.path;
  if (path === TRPC_PATH || path.startsWith(`${TRPC_PATH}/`)) {
    const code = 'SERVICE_UNAVAILABLE';
    return c.json(
      {
        error: {
          message: DATABASE_UNAVAILABLE,
          code: TRPC_ERROR_CODES_BY_KEY[code],
          data: { code, httpStatus: 503 },
        },
      },
      503,
    );
  }
  return c.json({ error: { code: 'SERVICE_UNAVAILABLE', message: DATABASE_UNAVAILABLE } }, 503);
}
