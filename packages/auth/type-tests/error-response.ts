import type { Context } from 'hono';
import { expectTypeOf } from 'vitest';
import { type ErrorCode, errorResponse } from '../src/error-response.js';

// The codes are a closed union: a typo is a compile error, not a 500 with an odd body.
// Compiled by `pnpm typecheck`, never run.
export function errorCodesAreALiteralUnion(c: Context) {
  expectTypeOf<'FORBIDDEN'>().toExtend<ErrorCode>();
  errorResponse(c, 'PAYLOAD_TOO_LARGE', 'too big');
  // @ts-expect-error not a code
  errorResponse(c, 'FORBIDEN', 'typo');
  // @ts-expect-error the status comes from the code, not from the caller
  errorResponse(c, 403, 'FORBIDDEN', 'x');
}
