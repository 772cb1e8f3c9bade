import { isDatabaseUnavailable } from '@warden/authz';
import type { Context, MiddlewareHandler, Next } from 'hono';
import type { ApiTokenInfo, ApiTokens } from './api-tokens.js';
import {
  type CookieConfig,
  clearSessionCookie,
  cookieNames,
  readCookie,
  setSessionCookie,
} from './cookies.js';
import { SAFE_METHODS } from './csrf.js';
import {
  DATABASE_RETRY_AFTER_S,
  databaseUnavailableResponse,
  errorResponse,
} from './error-response.js';
import type { Session, Sessions } from './sessions.js';
import type { SessionUser } from './users.js';

/** Who a request is: typed all the way into the tRPC context (no Record<string, unknown>). */
export type AuthState =
  | { via: 'anonymous'; user: null; session: null; apiToken: null }
  | { via: 'session'; user: SessionUser; session: Session; apiToken: null }
  | { via: 'token'; user: SessionUser; session: null; apiToken: ApiTokenInfo };

export type AuthEnv = { Variables: { auth: AuthState } };

export const ANONYMOUS: AuthState = { via: 'anonymous', user: null, session: null, apiToken: null };

function bearerChallenge(c: Context, description: string, trpcPath: string | undefined) {
  c.header('WWW-Authenticate', `Bearer error="invalid_token", error_description="${description}"`);
  return errorResponse(c, 'UNAUTHORIZED', description, trpcPath);
}

/** Whether the response already sets (or clears) the cookie `name`. */
function setsCookie(c: Context, name: string): boolean {
  return c.res.headers.getSetCookie().some((line) => line.startsWith(`${name}=`));
}

/**
 * Puts `auth` on the context. `Authorization: Bearer <token>` authenticates an API client (an
 * invalid or expired token is 401 with a Bearer challenge, never a silent anonymous); otherwise
 * the session cookie does (an invalid one is dropped and the request is anonymous). The user's
 * model permissions arrive in the same SQL statement and prime authz's per-request cache.
 *
 * An unreachable database is answered JSON 503 with `Retry-After`, in any Hono app: here, when a
 * credential cannot be read (Hono's default answer was a plain-text 500), and after the handlers,
 * for whatever below it failed the same way (the `/auth` routes) or answered 503 without saying
 * when to try again (a tRPC procedure mapped by `mapWardenErrors` or `protect`).
 */
export function authenticate(deps: {
  sessions: Sessions;
  tokens: ApiTokens;
  cookies: CookieConfig;
  /** Where tRPC is mounted: a rejection there gets tRPC's error envelope. */
  trpcPath?: string;
  /**
   * Awaited after the handlers of an unsafe request, before its response goes out: the credential
   * cache's sync, so what the request changed (a logout, a revoke) is in force on this process.
   */
  settle?: () => Promise<unknown>;
  /** Told of a request answered 503 because its credential could not be read (an outage). */
  onUnavailable?: (c: Context) => void;
}): MiddlewareHandler<AuthEnv> {
  const identify = identifyRequest(deps);
  const { settle } = deps;
  return async function authenticateRequest(c, next) {
    try {
      const refused = await identify(c, next);
      if (refused !== undefined) return refused;
      if (settle !== undefined && !SAFE_METHODS.has(c.req.method)) await settle();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      deps.onUnavailable?.(c);
      return databaseUnavailableResponse(c, deps.trpcPath);
    }
    // Hono turned an error below into its onError's answer and kept the error on the context.
    if (c.error !== undefined && isDatabaseUnavailable(c.error) && c.res.status !== 503) {
      c.res = databaseUnavailableResponse(c, deps.trpcPath);
    } else if (c.res.status === 503 && !c.res.headers.has('retry-after')) {
      c.header('Retry-After', String(DATABASE_RETRY_AFTER_S));
    }
  };
}

/** The authentication itself: who is asking, then the handlers, then the session cookie. */
function identifyRequest(
  deps: Parameters<typeof authenticate>[0],
): (c: Context<AuthEnv>, next: Next) => Promise<Response | undefined> {
  const names = cookieNames(deps.cookies);
  return async function identify(c, next) {
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const match = /^Bearer +(\S{1,200})$/i.exec(authorization);
      if (!match?.[1])
        return bearerChallenge(c, 'Authorization must be "Bearer <token>"', deps.trpcPath);
      const result = await deps.tokens.validate(match[1]);
      if (!result.ok) {
        return bearerChallenge(
          c,
          result.reason === 'expired' ? 'token expired' : 'invalid token',
          deps.trpcPath,
        );
      }
      c.set('auth', { via: 'token', user: result.user, session: null, apiToken: result.token });
      await next();
      return;
    }
    const token = readCookie(c, names.session);
    if (token === undefined) {
      c.set('auth', ANONYMOUS);
      await next();
      return;
    }
    const result = await deps.sessions.validate(token);
    // The cookie is written after the handler, into the response it made: a header set before
    // would be lost when a handler returns its own Response (tRPC's fetch adapter does). A handler
    // that set the session cookie itself (a login, a logout) has the last word.
    if (!result.ok) {
      c.set('auth', ANONYMOUS);
      await next();
      if (!setsCookie(c, names.session)) clearSessionCookie(c, deps.cookies);
      return;
    }
    c.set('auth', { via: 'session', user: result.user, session: result.session, apiToken: null });
    await next();
    // Sliding expiry: the cookie follows the session's renewed expiry.
    if (result.renewed && !setsCookie(c, names.session)) {
      setSessionCookie(c, deps.cookies, token, result.session.expiresAt);
    }
  };
}
