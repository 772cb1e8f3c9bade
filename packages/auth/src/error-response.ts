// tRPC's own JSON-RPC numbers (its public `rpc` entry, there since 11.0), so its client reads our
// rejections as TRPCClientErrors: a copy of the table drifted (-32503 for SERVICE_UNAVAILABLE,
// which tRPC sends as -32603). Hence @trpc/server is a peer dependency of this package.
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { DATABASE_UNAVAILABLE_MESSAGE } from '@warden/authz';
import type { Denial } from '@warden/authz/client';
import type { Context } from 'hono';

/** Every error status this package and its server answer with, by tRPC's code names. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_SUPPORTED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  GATEWAY_TIMEOUT: 504,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** Where the tRPC endpoint is mounted unless `createAuth({ trpcPath })` says otherwise. */
export const DEFAULT_TRPC_PATH = '/trpc';

const isErrorCode = (key: string): key is ErrorCode => key in ERROR_STATUS;

/** The code of an HTTP status: its own where it has one, else the class's generic one. */
export function errorCodeOf(status: number): ErrorCode {
  const exact = Object.keys(ERROR_STATUS)
    .filter(isErrorCode)
    .find((k) => ERROR_STATUS[k] === status);
  if (exact !== undefined) return exact;
  return status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
}

/**
 * The one JSON error body: `{ error: { code, message } }`, or on the tRPC endpoint the envelope
 * tRPC's client understands (`{ error: { message, code: <number>, data: { code, httpStatus } } }`),
 * so a CSRF or token rejection reaches a typed client as FORBIDDEN / UNAUTHORIZED, not as an
 * unreadable body. A refusal's `denial` (the CSRF check's) goes beside the code, where
 * `denialFormatter` puts a guard's: clients read why as data, not from the message.
 */
export function errorResponse(
  c: Context,
  code: ErrorCode,
  message: string,
  trpcPath: string = DEFAULT_TRPC_PATH,
  denial?: Denial,
): Response {
  const status = ERROR_STATUS[code];
  const path = c.req.path;
  const why = denial === undefined ? {} : { denial };
  if (path === trpcPath || path.startsWith(`${trpcPath}/`)) {
    const data = { code, httpStatus: status, ...why };
    return c.json({ error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data } }, status);
  }
  return c.json({ error: { code, message, ...why } }, status);
}

/** How long a client is told to wait before trying again while the database is unreachable. */
export const DATABASE_RETRY_AFTER_S = 5;

/**
 * 503 with `Retry-After` for a request that needed the database while it could not be reached
 * (`isDatabaseUnavailable` in `@warden/authz`): fail closed, never a guess, and tell the client
 * when trying again makes sense. The JSON body is `errorResponse`'s (tRPC's envelope on tRPC).
 */
export function databaseUnavailableResponse(
  c: Context,
  trpcPath: string = DEFAULT_TRPC_PATH,
): Response {
  c.header('Retry-After', String(DATABASE_RETRY_AFTER_S));
  return errorResponse(c, 'SERVICE_UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE, trpcPath);
}
