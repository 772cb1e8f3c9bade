import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

export interface SecurityHeadersOptions {
  /** Served over HTTPS (production): adds Strict-Transport-Security. */
  secure: boolean;
}

/**
 * The browser-side defences on every response. The Content-Security-Policy allows everything
 * (scripts, styles, images, fetches) from this origin only, with no inline script or style and no
 * `eval`, so an injected `<script>` or `<style>` does nothing; the web app is a built bundle
 * served from `/` and needs nothing more. `frame-ancestors 'none'` (and X-Frame-Options DENY for
 * older browsers) stops clickjacking; `base-uri` and `form-action` stop an injected `<base>` or
 * `<form>` from sending data elsewhere. HSTS only over HTTPS: on a plain-HTTP development server it
 * would pin `localhost` to HTTPS in the developer's browser for a year.
 */
export function securityHeaders(options: SecurityHeadersOptions): MiddlewareHandler {
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    referrerPolicy: 'same-origin',
    xFrameOptions: 'DENY',
    strictTransportSecurity: options.secure ? 'max-age=31536000; includeSubDomains' : false,
  });
  return async function securityHeadersMiddleware(c, next) {
    return headers(c, next);
  };
}
