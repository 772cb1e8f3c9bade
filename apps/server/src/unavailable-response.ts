import { DATABASE_UNAVAILABLE } from '@warden/api';
import { errorResponse } from '@warden/auth';
import type { Context } from 'hono';

/**
 * 503 for a request that needed the database while it could not be reached (in authentication,
 * before any procedure ran): fail closed, never a guess. `Retry-After` tells a client when trying
 * again makes sense.
 */
export function databaseUnavailable(c: Context): Response {
  c.header('Retry-After', '5');
  return errorResponse(c, 'SERVICE_UNAVAILABLE', DATABASE_UNAVAILABLE);
}
