import type { Denial } from '@warden/authz/client';
import type { Context, MiddlewareHandler } from 'hono';
import { type CookieConfig, cookieNames, readCookie } from './cookies.js';
import { errorResponse } from './error-response.js';
import { randomString, sameString } from './secrets.js';

export interface CsrfConfig extends CookieConfig {
  /** Origins whose pages may send unsafe requests, e.g. `https://app.example.com`. */
  trustedOrigins: readonly string[];
  /** Where tRPC is mounted: a rejection there gets tRPC's error envelope. Default `/trpc`. */
  trpcPath?: string;
}

/** Methods that change nothing (RFC 9110): neither checked for CSRF nor synced after. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);
const TOKEN = /^[a-z2-9]{32}$/;

/** A well-formed CSRF token (what `newCsrfToken` makes): anything else is replaced or refused. */
export const isCsrfToken = (value: string | undefined): value is string =>
  value !== undefined && TOKEN.test(value);

export const newCsrfToken = () => randomString(32);

/** A CSRF refusal as data: a client asks for a fresh token (reloads), it needs no permission. */
const CSRF_REFUSED: Denial = { reason: 'csrf', needs: [] };

/**
 * CSRF protection for every unsafe request that could ride on a browser's ambient credentials:
 * anything but a request that authenticates with `Authorization` and carries no cookie. Two checks,
 * both required: the request comes from a trusted origin (`Sec-Fetch-Site: same-origin`, or an
 * `Origin` among the trusted ones), and it echoes the `csrftoken` cookie in `X-CSRFToken` (a header
 * no HTML form on another site can set). Anonymous requests are checked too, so login CSRF fails.
 */
export function csrfProtection(config: CsrfConfig): MiddlewareHandler {
  const refuse = csrfRefusal(config);
  return async function csrf(c, next) {
    return refuse(c) ?? next();
  };
}

/**
 * `csrfProtection`'s check alone, synchronous: the refusal to answer with, or undefined when the
 * request may go on. `createAuth`'s `middleware` runs it before authentication in one layer.
 */
export function csrfRefusal(config: CsrfConfig): (c: Context) => Response | undefined {
  const trusted = new Set(config.trustedOrigins.map((o) => new URL(o).origin));
  const names = cookieNames(config);
  return function refuseCsrf(c) {
    if (SAFE_METHODS.has(c.req.method)) return undefined;
    const hasCookies = (c.req.header('cookie') ?? '') !== '';
    if (!hasCookies && c.req.header('authorization') !== undefined) return undefined;

    const reject = (reason: string) =>
      errorResponse(c, 'FORBIDDEN', `CSRF check failed: ${reason}`, config.trpcPath, CSRF_REFUSED);

    const origin = c.req.header('origin');
    const fetchSite = c.req.header('sec-fetch-site');
    // Our own origin is the request URL's, built from the Host header: only as good as the host
    // check in front of this middleware (the server's ALLOWED_HOSTS), which DNS rebinding needs.
    const trustedOrigin =
      origin !== undefined && (origin === new URL(c.req.url).origin || trusted.has(origin));
    if (origin === undefined && fetchSite === undefined)
      return reject('no Origin or Sec-Fetch-Site header');
    if (origin !== undefined && !trustedOrigin) return reject(`origin ${origin} is not trusted`);
    // A browser that says the request is not same-origin must also name a trusted Origin.
    if (fetchSite !== undefined && fetchSite !== 'same-origin' && !trustedOrigin) {
      return reject(`Sec-Fetch-Site is ${fetchSite}`);
    }

    const cookie = readCookie(c, names.csrf);
    if (!isCsrfToken(cookie)) {
      return reject(`no valid ${names.csrf} cookie (GET /auth/csrf sets one)`);
    }
    const header = c.req.header('x-csrftoken');
    if (header === undefined) return reject('X-CSRFToken header missing');
    if (!sameString(header, cookie))
      return reject('X-CSRFToken does not match the csrftoken cookie');
    return undefined;
  };
}
