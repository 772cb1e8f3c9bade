import { initTRPC, TRPCError } from '@trpc/server';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../database-unavailable.js';
import { isWardenError, type WardenErrorCode } from '../errors.js';

/**
 * The tRPC code each Warden error is answered with. `null`: a mistake in the server's code (an
 * object of the wrong model), left a 500 for the server to log.
 */
export const TRPC_CODE_OF_WARDEN_ERROR = {
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PERMISSION_DENIED: 'FORBIDDEN',
  PERMISSION_NOT_SYNCED: 'BAD_REQUEST',
  UNKNOWN_CODENAME: 'BAD_REQUEST',
  WRONG_MODEL: null,
  OBJECT_HIDDEN: 'NOT_FOUND',
  UNGUARDED_PROCEDURE: null,
  CREDENTIAL_ENDED: 'UNAUTHORIZED',
  UNKNOWN_APP_LABEL: 'BAD_REQUEST',
} as const satisfies Record<WardenErrorCode, TRPCError['code'] | null>;

/**
 * The TRPCError a Warden error thrown in a resolver becomes (the original kept as `cause`), and an
 * unreachable database `SERVICE_UNAVAILABLE` (503): nothing was decided, so nothing is allowed, and
 * the client may try again. Before, an outage was a 500 unless each app mapped it itself.
 */
export function trpcErrorOf(error: unknown): TRPCError | undefined {
  if (!isWardenError(error)) {
    return isDatabaseUnavailable(error)
      ? new TRPCError({
          code: 'SERVICE_UNAVAILABLE',
          message: DATABASE_UNAVAILABLE_MESSAGE,
          cause: error,
        })
      : undefined;
  }
  const code = TRPC_CODE_OF_WARDEN_ERROR[error.code];
  return code === null ? undefined : new TRPCError({ code, message: error.message, cause: error });
}

// A root of our own, as protect() has: the middleware reads nothing from the context.
const t = initTRPC.create();

/**
 * Answers Warden's errors with the 4xx they are (`NotFoundError` → NOT_FOUND, a refused escalation
 * → FORBIDDEN, a taken username → CONFLICT, …) and an unreachable database with
 * SERVICE_UNAVAILABLE; anything else passes through untouched. Put it first on your base
 * procedure: `t.procedure.use(mapWardenErrors)`.
 */
export const mapWardenErrors = t.middleware(async function mapWardenErrors({ next }) {
  const result = await next();
  if (result.ok) return result;
  const mapped = trpcErrorOf(result.error.cause);
  if (mapped !== undefined) throw mapped;
  return result;
});
