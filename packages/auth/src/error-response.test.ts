import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { errorCodeOf, errorResponse } from './error-response.js';

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

  it('names a status by its own code, else by its class', () => {
    expect(errorCodeOf(413)).toBe('PAYLOAD_TOO_LARGE');
    expect(errorCodeOf(429)).toBe('TOO_MANY_REQUESTS');
    expect(errorCodeOf(418)).toBe('BAD_REQUEST');
    expect(errorCodeOf(502)).toBe('INTERNAL_SERVER_ERROR');
  });
});
