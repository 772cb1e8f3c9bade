import { request as httpRequest } from 'node:http';
import { registry } from '@warden/api';
import { hashPassword } from '@warden/auth';
import { createGrants } from '@warden/authz';
import { describeEachBackend } from '@warden/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { codeOf, startServer, Visitor } from './live-server.js';

const KiB = 1024;

/** A body of `total` bytes in 16 KiB chunks, sent without Content-Length; counts what was read. */
function countedStream(total: number) {
  let pulled = 0;
  const chunk = new Uint8Array(16 * KiB).fill(0x20);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= total) return controller.close();
      pulled += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

// Issue 13, item 7: bodies are limited per route before they are read (413), whether the client
// declares a Content-Length or streams a chunked body without one.
describeEachBackend('request body limits', (t) => {
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    const passwordHash = await hashPassword('correct horse');
    await createGrants({ db: t.db, registry }).createUser({ username: 'ann', passwordHash });
    server = await startServer(t.handle);
  });
  afterAll(() => server.close());

  /** An anonymous client holding a CSRF token it fetched itself: all an attacker needs. */
  async function anonymousHeaders(app: ReturnType<typeof createApp>) {
    const res = await app.request('http://localhost/auth/csrf');
    const [cookie = ''] = res.headers.getSetCookie()[0]?.split(';') ?? [];
    return {
      'content-type': 'application/json',
      origin: 'http://localhost',
      cookie,
      'x-csrftoken': cookie.slice('csrftoken='.length),
    };
  }

  it('stops reading a chunked /auth/login body past 64 KiB and answers 413', async () => {
    const app = createApp({ db: t.handle });
    const body = countedStream(10 * 1024 * KiB);
    const res = await app.request('http://localhost/auth/login', {
      method: 'POST',
      headers: await anonymousHeaders(app),
      body: body.stream,
      duplex: 'half',
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: {
        code: 'PAYLOAD_TOO_LARGE',
        message: 'the request body is larger than 65536 bytes, the limit here',
      },
    });
    expect(body.pulled()).toBeLessThanOrEqual(64 * KiB + 32 * KiB);
  });

  it('answers 413 from a declared Content-Length before the body arrives', async () => {
    const visitor = new Visitor(server.url);
    await visitor.fetch(`${server.url}/auth/csrf`);
    const csrf = visitor.cookies.get('csrftoken') ?? '';
    // 300 MB announced, 1 KiB sent: the answer must come without waiting for the rest.
    const status = await new Promise<number | string>((resolve, reject) => {
      const req = httpRequest(`${server.url}/auth/login`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(300 * 1024 * 1024),
          origin: server.url,
          cookie: `csrftoken=${csrf}`,
          'x-csrftoken': csrf,
        },
      });
      const timer = setTimeout(() => {
        req.destroy();
        resolve('no answer within 20 s: the server waited for the body');
      }, 20_000);
      req.on('response', (res) => {
        clearTimeout(timer);
        res.resume();
        req.destroy();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.write('x'.repeat(KiB));
    });
    expect(status).toBe(413);
  });

  it('limits /trpc bodies to 1 MiB, in the envelope the tRPC client reads', async () => {
    const visitor = await new Visitor(server.url).login('ann', 'correct horse');
    const huge = visitor.trpc.auth.tokens.create.mutate({ name: 'x'.repeat(1024 * KiB + 1) });
    expect(await codeOf(huge)).toBe('PAYLOAD_TOO_LARGE');
    // Just under the limit is read, and answered on its merits.
    const big = visitor.trpc.auth.tokens.create.mutate({ name: 'x'.repeat(1000 * KiB) });
    expect(await codeOf(big)).toBe('BAD_REQUEST');
  });

  it('takes its limits from createApp options', async () => {
    const app = createApp({
      db: t.handle,
      auth: { maxBodyBytes: 100 },
      trpc: { maxBodyBytes: 50 },
    });
    const headers = await anonymousHeaders(app);
    const login = (password: string) =>
      app.request('http://localhost/auth/login', {
        method: 'POST',
        headers,
        body: JSON.stringify({ username: 'ann', password }),
      });
    expect((await login('x'.repeat(100))).status).toBe(413);
    expect((await login('wrong')).status).toBe(401);
    const trpc = await app.request('http://localhost/trpc/auth.logout', {
      method: 'POST',
      headers,
      body: JSON.stringify({ padding: 'x'.repeat(50) }),
    });
    expect(trpc.status).toBe(413);
    expect(await trpc.json()).toMatchObject({
      error: { code: -32013, data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 } },
    });
  });
});
