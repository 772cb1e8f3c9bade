import type { Context, MiddlewareHandler } from 'hono';
import type { ApiTokenInfo, ApiTokens } from './api-tokens.js';
import {
  type CookieConfig,
  clearSessionCookie,
  cookieNames,
  readCookie,
  setSessionCookie,
} from './cookies.js';
import { errorResponse } from './error-response.js';
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
 */
export function authenticate(deps: {
  sessions: Sessions;
  tokens: ApiTokens;
  cookies: CookieConfig;
  /** Where tRPC is mounted: a rejection there gets tRPC's error envelope. */
  trpcPath?: string;
}): MiddlewareHandler<AuthEnv> {
  const names = cookieNames(deps.cookies);
  return async function authenticateRequest(c, next) {
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
      return next();
    }
    const token = readCookie(c, names.session);
    if (token === undefined) {
      c.set('auth', ANONYMOUS);
      return next();
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
