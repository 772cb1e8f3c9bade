import { request as httpRequest } from 'node:http';
import { describeEachBackend } from '@warden/db/testing';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, Visitor } from '../test/live-server.js';
import { hostRefusal } from './allowed-hosts.js';
import { createApp } from './app.js';

/** A raw HTTP/1.1 request, so the Host header and the request target are ours to choose. */
function rawRequest(
  url: string,
  options: { path: string; method?: string; headers: Record<string, string>; body?: string },
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(url, {
      path: options.path,
      method: options.method ?? 'GET',
      headers: options.headers,
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

// Issue 13, item 13: the server's own origin came from the Host header, whatever it said. Hosts
// are now checked against ALLOWED_HOSTS (Django's setting) before anything else runs.
describeEachBackend('allowed hosts', (t) => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer(t.handle);
  });
  afterAll(() => server.close());

  const status = async (app: ReturnType<typeof createApp>, url: string, init?: RequestInit) =>
    (await app.request(url, init)).status;

  it('answers loopback names by default and refuses any other host with 400', async () => {
    const app = createApp({ db: t.handle });
    for (const ok of ['localhost', 'localhost:3000', '127.0.0.1:8080', '[::1]:3000', 'LOCALHOST'])
      expect(await status(app, `http://${ok}/healthz`)).toBe(200);
    const res = await app.request('http://evil.example/healthz');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: 'BAD_REQUEST',
        message: 'host "evil.example" is not served here (ALLOWED_HOSTS)',
      },
    });
  });

  it('refuses before anything else runs: no token lookup, no tRPC call', async () => {
    const app = createApp({ db: t.handle });
    const bearer = { headers: { authorization: 'Bearer wdn_not.a.token' } };
    expect(await status(app, 'http://localhost/healthz', bearer)).toBe(401);
    expect(await status(app, 'http://evil.example/healthz', bearer)).toBe(400);
    const trpc = await app.request('http://evil.example/trpc/auth.me');
    expect(await trpc.json()).toMatchObject({
      error: { code: -32600, data: { code: 'BAD_REQUEST', httpStatus: 400 } },
    });
  });

  it('takes the names from createApp options, with Django’s leading-dot subdomain form', async () => {
    const app = createApp({ db: t.handle, allowedHosts: ['.example.com', 'api.example.org'] });
    for (const ok of ['example.com', 'www.example.com', 'a.b.example.com:8443', 'api.example.org'])
      expect(await status(app, `http://${ok}/healthz`)).toBe(200);
    for (const bad of ['localhost', 'evil-example.com', 'example.org', 'www.api.example.org'])
      expect(await status(app, `http://${bad}/healthz`)).toBe(400);
  });

  it('stops a DNS-rebound page from passing the CSRF origin check with its own Host', async () => {
    // evil.example resolves to this server: the browser sends Host and Origin of evil.example.
    const visitor = new Visitor(server.url);
    await visitor.fetch(`${server.url}/auth/csrf`);
    const csrf = visitor.cookies.get('csrftoken') ?? '';
    const port = new URL(server.url).port;
    const res = await rawRequest(server.url, {
      path: '/auth/login',
      method: 'POST',
      headers: {
        host: `evil.example:${port}`,
        origin: `http://evil.example:${port}`,
        'content-type': 'application/json',
        cookie: `csrftoken=${csrf}`,
        'x-csrftoken': csrf,
      },
      body: JSON.stringify({ username: 'nobody', password: 'guess' }),
    });
    expect(res.status).toBe(400);
  });

  it('checks the host of an absolute request target too, not only the Host header', async () => {
    const port = new URL(server.url).port;
    const headers = { host: `127.0.0.1:${port}` };
    expect((await rawRequest(server.url, { path: '/healthz', headers })).status).toBe(200);
    const absolute = await rawRequest(server.url, { path: 'http://evil.example/healthz', headers });
    expect(absolute.status).toBe(400);
  });
});

describe('hostRefusal remembers its answers', () => {
  const app = new Hono();
  const refuse = hostRefusal({ hosts: ['localhost', '.example.com'] });
  app.get('*', (c) => refuse(c) ?? c.text('ok'));
  const status = async (url: string, host?: string) =>
    (await app.request(url, host === undefined ? {} : { headers: { host } })).status;

  it('answers a repeated origin and Host as the first time, either way', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await status('http://localhost:3000/a')).toBe(200);
      expect(await status('http://localhost:3000/b', 'localhost:3000')).toBe(200);
      expect(await status('http://localhost:3000/c', 'evil.example')).toBe(400);
      expect(await status('http://evil.example/d', 'localhost')).toBe(400);
      expect(await status('http://WWW.Example.com./e')).toBe(200);
    }
  });

  it('stays right past its size, and for origins it does not keep', async () => {
    for (let i = 0; i < 600; i++) {
      expect(await status(`http://h${i}.example.com/`)).toBe(200);
      expect(await status(`http://h${i}.example.org/`)).toBe(400);
    }
    const long = `${'a'.repeat(320)}.example.com`;
    expect(await status(`http://${long}/`)).toBe(200);
    expect(await status('http://localhost/', `${'b'.repeat(320)}.example.org`)).toBe(400);
    expect(await status('http://[::1]:3000/')).toBe(400);
    expect(await status('http://localhost/', 'localhost:3000')).toBe(200);
  });
});
