import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS, errorCodeOf, errorResponse } from './error-response.js';

describe('errorResponse', () => {
  const app = new Hono();
  app.all('*', (c) => errorResponse(c, 'FORBIDDEN', 'CSRF check failed', '/api/trpc'));

  it("answers on the tRPC path (createAuth's trpcPath) in tRPC's envelope", async () => {
    const res = await app.request('/api/trpc/posts.create', { method: 'POST' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: {
        message: 'CSRF check failed',
        code: -32003,
        data: { code: 'FORBIDDEN', httpStatus: 403 },
      },
    });
  });

  it('answers elsewhere, /trpc included when tRPC is mounted elsewhere, as { error: { code, message } }', async () => {
    for (const path of ['/trpc/posts.create', '/auth/login', '/api/trpcx']) {
      const res = await app.request(path, { method: 'POST' });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({
        error: { code: 'FORBIDDEN', message: 'CSRF check failed' },
      });
    }
  });

  it("answers every code with tRPC's own JSON-RPC number and HTTP status", async () => {
    // A hand copy of tRPC's table drifted (SERVICE_UNAVAILABLE was -32503; tRPC sends -32603).
    const each = new Hono();
    each.all('/trpc/:code', (c) => {
      const code = errorCodeOf(Number(c.req.param('code')));
      return errorResponse(c, code, code);
    });
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      const res = await each.request(`/trpc/${status}`);
      expect(res.status).toBe(status);
      const tRPC = errorCodeOf(status);
      expect(tRPC).toBe(code);
      expect(await res.json()).toEqual({
        error: {
          message: code,
          code: TRPC_ERROR_CODES_BY_KEY[tRPC],
          data: { code, httpStatus: status },
        },
      });
      // Our statuses are tRPC's too: a procedure's TRPCError gets the same one.
      expect(getHTTPStatusCodeFromError(new TRPCError({ code: tRPC }))).toBe(status);
    }
  });

  it('names a status by its own code, else by its class', () => {
    expect(errorCodeOf(413)).toBe('PAYLOAD_TOO_LARGE');
    expect(errorCodeOf(429)).toBe('TOO_MANY_REQUESTS');
    expect(errorCodeOf(418)).toBe('BAD_REQUEST');
    expect(errorCodeOf(502)).toBe('INTERNAL_SERVER_ERROR');
  });
});
