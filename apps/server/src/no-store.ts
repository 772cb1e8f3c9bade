import type { Context } from 'hono';

export interface NoStoreOptions {
  /** Mount points whose every response is private: `/auth`, `/trpc`. */
  paths: readonly string[];
  /** Cookies that authenticate a request (the session cookie's name). */
  credentialCookies: readonly string[];
}

/**
 * `Cache-Control: no-store` on every response that a cache must not keep: anything under `paths`
 * (CSRF tokens, logins, API answers, new API token secrets), any response to a request that
 * carried credentials (a session cookie or an `Authorization` header), and any response that sets
 * a cookie. Set after the handler, over what it chose: fail closed. Issue 13 found none of these
 * marked, so a shared cache could have served one user's answer, or a token secret, to another.
 */
export function noStoreStep(options: NoStoreOptions): (c: Context) => void {
  const { paths, credentialCookies } = options;
  const underPaths = (path: string) => paths.some((p) => path === p || path.startsWith(`${p}/`));
  // Any Cookie header naming a credential cookie, read or not: a false "yes" (a cookie whose
  // name only contains it) costs a cacheable response its caching, never the other way round.
  // Not a parse of every cookie: that was 3 µs of a 50 µs request (issue 9).
  const hasCredentialCookie = (c: Context) => {
    const header = c.req.header('cookie');
    return header !== undefined && credentialCookies.some((name) => header.includes(name));
  };
  return function markNoStore(c) {
    const mustNotStore =
      underPaths(c.req.path) ||
      c.req.header('authorization') !== undefined ||
      hasCredentialCookie(c) ||
      c.res.headers.has('set-cookie');
    // Into the response's own headers: `c.header()` after the handler rebuilds the response
    // around a stream of its body (hono's Context.header), a copy on every API answer.
    if (mustNotStore) c.res.headers.set('Cache-Control', 'no-store');
  };
}
