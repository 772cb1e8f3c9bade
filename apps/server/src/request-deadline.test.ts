import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { frontDoor } from './front-door.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the front door’s deadline', () => {
  const late: string[] = [];
  const app = new Hono();
  app.use(
    frontDoor({
      refusals: [],
      deadline: { ms: 100, onTimeout: (method, path) => late.push(`${method} ${path}`) },
      finishers: [],
    }),
  );
  app.get('/fast', (c) => c.text('fast'));
  app.all('/slow', async (c) => {
    await sleep(1_000);
    return c.text('too late');
  });
  app.all('/trpc/slow', async (c) => {
    await sleep(1_000);
    return c.text('too late');
  });
  app.get('/fails-late', async () => {
    await sleep(300);
    throw new Error('after the answer');
  });

  it('leaves a request answered in time alone', async () => {
    const res = await app.request('/fast');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('fast');
  });

  it('answers a late safe request 503 with Retry-After, a late unsafe one 504', async () => {
    const read = await app.request('/slow');
    expect(read.status).toBe(503);
    expect(read.headers.get('retry-after')).toBe('5');
    expect(await read.json()).toEqual({
      error: { code: 'SERVICE_UNAVAILABLE', message: 'no answer within 100 ms; try again shortly' },
    });
    const write = await app.request('/slow', { method: 'POST' });
    expect(write.status).toBe(504);
    expect(write.headers.get('retry-after')).toBeNull();
    expect(((await write.json()) as { error: { message: string } }).error.message).toMatch(
      /may or may not have been made/,
    );
    expect(late).toEqual(['GET /slow', 'POST /slow']);
  });

  it('answers on /trpc in the envelope the tRPC client reads', async () => {
    const res = await app.request('/trpc/slow', { method: 'POST' });
    // -32603: tRPC's own number for GATEWAY_TIMEOUT (its 5xx share it); the status says 504.
    expect(await res.json()).toMatchObject({
      error: { code: -32603, data: { code: 'GATEWAY_TIMEOUT', httpStatus: 504 } },
    });
  });

  it('survives a handler that fails after the answer was given', async () => {
    expect((await app.request('/fails-late')).status).toBe(503);
    await sleep(500); // the handler's error arrives now; an unhandled rejection would fail the run
  });
});
