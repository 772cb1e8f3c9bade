import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveWeb } from './web-static.js';

describe('serveWeb', () => {
  let root: string;
  let app: Hono;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'warden-web-'));
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    await writeFile(join(root, 'favicon.svg'), '<svg/>');
    await writeFile(join(tmpdir(), 'warden-secret.txt'), 'secret');
    app = new Hono();
    app.get('*', serveWeb({ root }));
    app.notFound((c) => c.json({ error: { code: 'NOT_FOUND' } }, 404));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(join(tmpdir(), 'warden-secret.txt'), { force: true });
  });

  it('serves index.html at / without a long cache', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('id="root"');
  });

  it('falls back to the app for deep links', async () => {
    for (const path of ['/shop', '/admin/users/3', '/account']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('id="root"');
    }
  });

  it('caches hashed assets for a year, other files not', async () => {
    const asset = await app.request('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await app.request('/favicon.svg')).headers.get('cache-control')).toBe('no-cache');
  });

  it('leaves API paths, missing assets and paths outside the build to the 404', async () => {
    for (const path of [
      '/trpc/nope',
      '/auth/nope',
      '/healthz',
      '/assets/gone-123.js',
      '/..%2fwarden-secret.txt',
      '/%E0%A4%A',
    ]) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });
});
