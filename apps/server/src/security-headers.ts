import type { Context } from 'hono';

export interface SecurityHeadersOptions {
  /** Served over HTTPS (production): adds Strict-Transport-Security. */
  secure: boolean;
}

/**
 * The Content-Security-Policy allows everything (scripts, styles, images, fetches) from this
 * origin only, with no inline script or style and no `eval`, so an injected `<script>` or `<style>`
 * does nothing; the web app is a built bundle served from `/` and needs nothing more.
 * `frame-ancestors 'none'` (and X-Frame-Options DENY for older browsers) stops clickjacking;
 * `base-uri` and `form-action` stop an injected `<base>` or `<form>` from sending data elsewhere.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The browser-side defences on every response: hono's `secureHeaders` defaults (isolation,
 * nosniff, no DNS prefetch, …) with a same-origin Referrer-Policy, DENY framing and the policy
 * above, as one fixed list set after the handler (hono's middleware, one more async layer per
 * request, did the same). HSTS only over HTTPS: on a plain-HTTP development server it would pin
 * `localhost` to HTTPS in the developer's browser for a year.
 */
export function securityHeaderList(
  options: SecurityHeadersOptions,
): ReadonlyArray<readonly [string, string]> {
  return [
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Origin-Agent-Cluster', '?1'],
    ['Referrer-Policy', 'same-origin'],
    ...(options.secure
      ? [['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'] as const]
      : []),
    ['X-Content-Type-Options', 'nosniff'],
    ['X-DNS-Prefetch-Control', 'off'],
    ['X-Download-Options', 'noopen'],
    ['X-Frame-Options', 'DENY'],
    ['X-Permitted-Cross-Domain-Policies', 'none'],
    ['X-XSS-Protection', '0'],
    ['Content-Security-Policy', CONTENT_SECURITY_POLICY],
  ];
}

/** Sets the list on the response, over whatever the handler set. */
export function securityHeaderStep(options: SecurityHeadersOptions): (c: Context) => void {
  const list = securityHeaderList(options);
  return function setSecurityHeaders(c) {
    const headers = c.res.headers;
    for (const [name, value] of list) headers.set(name, value);
  };
}
