import { describeEachBackend } from '@warden/db/testing';
import { expect, it } from 'vitest';
import { createApp } from './app.js';

// Issue 13, item 14: a Content-Security-Policy that allows scripts, styles and everything else
// from the server's own origin only (no inline script), no framing, plus nosniff, a same-origin
// Referrer-Policy, and HSTS in production (HTTPS) only.
describeEachBackend('security headers', (t) => {
  const policy = (res: Response) =>
    (res.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim());

  it('sends a self-only Content-Security-Policy on every response', async () => {
    const app = createApp({ db: t.handle });
    for (const path of ['/healthz', '/trpc/auth.me', '/auth/csrf', '/no/such/page']) {
      const res = await app.request(`http://localhost${path}`);
      expect(policy(res)).toEqual(
        expect.arrayContaining([
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self'",
          "object-src 'none'",
          "base-uri 'self'",
          "form-action 'self'",
          "frame-ancestors 'none'",
        ]),
      );
      expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe|nonce|\*/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('sends Strict-Transport-Security only in production', async () => {
    const dev = await createApp({ db: t.handle }).request('http://localhost/healthz');
    expect(dev.headers.get('strict-transport-security')).toBeNull();
    const prod = await createApp({ db: t.handle, auth: { secure: true } }).request(
      'http://localhost/healthz',
    );
    expect(prod.headers.get('strict-transport-security')).toBe(
      'max-age=31536000; includeSubDomains',
    );
  });
});
