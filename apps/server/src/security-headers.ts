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
 * The browser-side defences of a document (the web app's HTML, scripts, styles, anything not JSON):
 * hono's `secureHeaders` defaults (isolation, nosniff, no DNS prefetch, …) with a same-origin
 * Referrer-Policy, DENY framing and the policy above. HSTS only over HTTPS: on a plain-HTTP
 * development server it would pin `localhost` to HTTPS in the developer's browser for a year.
 */
export function documentHeaders(
  options: SecurityHeadersOptions,
): ReadonlyArray<readonly [string, string]> {
  return [
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Origin-Agent-Cluster', '?1'],
    ['Referrer-Policy', 'same-origin'],
    ...hsts(options),
    ['X-Content-Type-Options', 'nosniff'],
    ['X-DNS-Prefetch-Control', 'off'],
    ['X-Download-Options', 'noopen'],
    ['X-Frame-Options', 'DENY'],
    ['X-Permitted-Cross-Domain-Policies', 'none'],
    ['X-XSS-Protection', '0'],
    ['Content-Security-Policy', CONTENT_SECURITY_POLICY],
  ];
}

/**
 * The defences of a JSON answer (`/trpc`, `/auth`, errors), as OWASP's REST Security Cheat Sheet
 * lists them and as GitHub's API sends them: nothing may load from it or frame it
 * (`default-src 'none'; frame-ancestors 'none'`, DENY), it is never sniffed into HTML (nosniff), no
 * other site may read it as a resource (CORP), HSTS over HTTPS; `Cache-Control: no-store` is
 * no-store.ts's. The rest of the document list governs what a document does (its referrers, DNS
 * prefetch, its window's opener, legacy XSS filters and plug-ins), which a JSON answer, never
 * rendered as a document, does not: sending it anyway was 7 headers on every API answer.
 */
export function apiHeaders(
  options: SecurityHeadersOptions,
): ReadonlyArray<readonly [string, string]> {
  return [
    ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ...hsts(options),
  ];
}

const hsts = (options: SecurityHeadersOptions) =>
  options.secure
    ? [['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'] as const]
    : [];

/** Sets the list for the answer's type on the response, over whatever the handler set. */
export function securityHeaderStep(options: SecurityHeadersOptions): (c: Context) => void {
  const api = apiHeaders(options);
  const document = documentHeaders(options);
  return function setSecurityHeaders(c) {
    const headers = c.res.headers;
    const type = headers.get('content-type');
    const list = type?.startsWith('application/json') ? api : document;
    for (const [name, value] of list) headers.set(name, value);
  };
}
