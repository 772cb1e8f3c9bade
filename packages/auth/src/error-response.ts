import type { Context } from 'hono';

type Code =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_REQUESTS';
type Status = 400 | 401 | 403 | 404 | 413 | 429;

// tRPC's JSON-RPC error numbers, so its client reads our rejections as TRPCClientErrors.
const JSONRPC: Record<Code, number> = {
  BAD_REQUEST: -32600,
  UNAUTHORIZED: -32001,
  FORBIDDEN: -32003,
  NOT_FOUND: -32004,
  PAYLOAD_TOO_LARGE: -32013,
  TOO_MANY_REQUESTS: -32029,
};

/** Where the tRPC endpoint is mounted: rejections there use tRPC's error envelope. */
export const TRPC_PATH = '/trpc';

/**
 * A JSON error: `{ error: { code, message } }`, or on the tRPC endpoint the envelope tRPC's client
 * understands (`{ error: { message, code: <number>, data: { code, httpStatus } } }`), so a CSRF or
 * token rejection reaches a typed client as FORBIDDEN / UNAUTHORIZED, not as an unreadable body.
 */
export function errorResponse(c: Context, status: Status, code: Code, message: string): Response {
  const path = c.req.path;
  if (path === TRPC_PATH || path.startsWith(`${TRPC_PATH}/`)) {
    return c.json(
      { error: { message, code: JSONRPC[code], data: { code, httpStatus: status } } },
      status,
    );
  }
  return c.json({ error: { code, message } }, status);
}
