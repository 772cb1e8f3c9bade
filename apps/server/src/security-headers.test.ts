import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachBackend } from '@warden/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from './app.js';

// A document (the web app) gets a Content-Security-Policy that allows scripts, styles and
// everything else from the server's own origin only (no inline script), no framing, nosniff, a
// same-origin Referrer-Policy and hono's isolation defaults; a JSON answer gets what an API answer
// needs (OWASP's REST list): nothing may load from it or frame it, nosniff, CORP. HSTS in
// production (HTTPS) only, on both.
describeEachBackend('security headers', (t) => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'warden-headers-'));
    await writeFile(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const policy = (res: Response) =>
    (res.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim());

  it('sends a self-only Content-Security-Policy and the document defences on the web app', async () => {
    const app = createApp({ db: t.handle, web: { root } });
    for (const path of ['/', '/shop', '/account']) {
      const res = await app.request(`http://localhost${path}`);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(policy(res)).toEqual([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ]);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    }
  });

  it('sends every JSON answer, refusals included, the API defences', async () => {
    const app = createApp({ db: t.handle, web: { root } });
    const answers = [
      await app.request('http://localhost/healthz'),
      await app.request('http://localhost/trpc/auth.me'),
      await app.request('http://localhost/auth/csrf'),
      await app.request('http://localhost/trpc/no.such.procedure'),
      await app.request('http://evil.example/healthz'), // the host check's 400
      await app.request('http://localhost/trpc/auth.me', { method: 'POST', body: '{}' }), // CSRF
    ];
    for (const res of answers) {
      const what = `${res.status} ${res.url}`;
      expect(res.headers.get('content-type'), what).toMatch(/^application\/json/);
      expect(res.headers.get('content-security-policy'), what).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), what).toBe('DENY');
      expect(res.headers.get('cross-origin-resource-policy'), what).toBe('same-origin');
    }
  });

  it('sends Strict-Transport-Security only in production', async () => {
    const dev = createApp({ db: t.handle, web: { root } });
    const prod = createApp({ db: t.handle, web: { root }, auth: { secure: true } });
    for (const path of ['/healthz', '/']) {
      expect(
        (await dev.request(`http://localhost${path}`)).headers.get('strict-transport-security'),
      ).toBeNull();
      expect(
        (await prod.request(`http://localhost${path}`)).headers.get('strict-transport-security'),
      ).toBe('max-age=31536000; includeSubDomains');
    }
  });
});
