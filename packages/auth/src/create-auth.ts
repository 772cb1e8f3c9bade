import type { AnyPgDatabase } from '@warden/authz';
import type { Context, MiddlewareHandler } from 'hono';
import { createApiTokens } from './api-tokens.js';
import { DEFAULT_AUTH_BODY_LIMIT } from './body-limit.js';
import {
  type CredentialCacheSource,
  type CredentialCacheStatus,
  heardCache,
} from './cache-invalidation.js';
import { csrfProtection, csrfRefusal } from './csrf.js';
import type { InvitationAcceptor } from './invitation-routes.js';
import { type AuthEnv, authenticate } from './middleware.js';
import { authRoutes } from './routes.js';
import { createSessions } from './sessions.js';
import { socketAddress } from './socket-address.js';
import { createLoginThrottle, type ThrottleOptions } from './throttle.js';
import { type Clock, systemClock } from './users.js';

export interface AuthConfig {
  db: AnyPgDatabase;
  /** HTTPS deployment: Secure + __Host- cookies. */
  secure: boolean;
  /** Origins allowed to send unsafe requests besides the server's own. */
  trustedOrigins?: readonly string[];
  clock?: Clock;
  /**
   * The client's address, which login throttling counts failures by (besides the username).
   * Default: the socket's peer address on `@hono/node-server`. Behind a proxy, read it from the
   * header your proxy sets (and only that proxy can set). `undefined` means unknown: the attempt
   * is then counted by username only, never in a bucket shared by every client.
   */
  clientAddress?: (c: Context) => string | undefined;
  sessionInactivityTimeoutMs?: number;
  throttle?: Omit<ThrottleOptions, 'db' | 'clock'>;
  /** The largest body the `/auth` routes accept, in bytes (413 beyond). Default 64 KiB. */
  maxBodyBytes?: number;
  /**
   * Where the app mounts tRPC (default `/trpc`): CSRF and token rejections there use tRPC's error
   * envelope, so its client reads them as FORBIDDEN / UNAUTHORIZED.
   */
  trpcPath?: string;
  /**
   * Sessions and API tokens kept in memory across requests, with their user and permissions:
   * `credentialCache(…)` of `@warden/auth/postgres-js` or `@warden/auth/pglite`. It is used only
   * while it provably hears the database's invalidations, and the response of an unsafe request
   * waits until its own changes are heard here. Without it every request reads the database.
   */
  cache?: CredentialCacheSource;
  /**
   * `createMemberships({ db, registry })` of `@warden/authz`: adds `/auth/invitations/accept`
   * (the logged-in user joins by a link) and `/auth/invitations/signup` (a new account joins by
   * one, and is logged in).
   */
  invitations?: InvitationAcceptor;
  /**
   * Told of each request `middleware` refuses on its own: `csrf` (the CSRF check failed, 403) or
   * `database_unavailable` (the credential could not be read, 503). For an app's security events.
   */
  onRefusal?: (c: Context, refusal: 'csrf' | 'database_unavailable') => void;
}

/**
 * Everything packages/auth gives a Hono app, wired from one config: sessions, API tokens, login
 * throttling, the CSRF and authentication middlewares, and the `/auth` routes.
 *
 * @example
 * ```ts
 * const auth = createAuth({ db, secure: process.env.NODE_ENV === 'production' });
 * // or, with the credential cache: createAuth({ …, cache: credentialCache(url) }) of
 * // '@warden/auth/postgres-js' (or '@warden/auth/pglite'), and `await auth.close()` at shutdown
 * const app = new Hono<AuthEnv>();
 * app.use(auth.middleware); // CSRF on every cookie-authenticated unsafe request, then c.get('auth')
 * app.route('/auth', auth.routes); // /auth/csrf, /auth/login, /auth/logout, …
 * ```
 */
export function createAuth(config: AuthConfig) {
  const clock = config.clock ?? systemClock;
  const { onRefusal } = config;
  const cookies = { secure: config.secure };
  // Started here, so a cache exists only together with what keeps it correct.
  const heard = config.cache === undefined ? undefined : heardCache(config.cache, config.db);
  const cache = heard === undefined ? {} : { cache: heard.cache };
  const sessions = createSessions({
    db: config.db,
    clock,
    ...cache,
    ...(config.sessionInactivityTimeoutMs === undefined
      ? {}
      : { inactivityTimeoutMs: config.sessionInactivityTimeoutMs }),
  });
  const tokens = createApiTokens({ db: config.db, clock, ...cache });
  const throttle = createLoginThrottle({ db: config.db, clock, ...config.throttle });
  const authenticating = authenticate({
    sessions,
    tokens,
    cookies,
    trpcPath: config.trpcPath,
    ...(heard === undefined ? {} : { settle: heard.settle }),
    ...(onRefusal === undefined
      ? {}
      : { onUnavailable: (c: Context) => onRefusal(c, 'database_unavailable') }),
  });
  const csrfConfig = {
    ...cookies,
    trustedOrigins: config.trustedOrigins ?? [],
    trpcPath: config.trpcPath,
  };
  const csrf = csrfProtection(csrfConfig);
  return {
    sessions,
    tokens,
    throttle,
    /** Both, in the order that is safe: `csrf`, then `authenticate`. One `app.use` for the app. */
    middleware: csrfThenAuthenticate(csrfRefusal(csrfConfig), authenticating, onRefusal),
    authenticate: authenticating,
    csrf,
    routes: authRoutes({
      db: config.db,
      sessions,
      tokens,
      throttle,
      cookies,
      clock,
      clientAddress: config.clientAddress ?? socketAddress,
      maxBodyBytes: config.maxBodyBytes ?? DEFAULT_AUTH_BODY_LIMIT,
      ...(config.invitations === undefined ? {} : { invitations: config.invitations }),
    }),
    /** The credential cache's state (`enabled`, `size`); `undefined` without the `cache` option. */
    cache: heard?.status satisfies CredentialCacheStatus | undefined,
    /** Ends the credential cache's LISTEN and heartbeat (nothing else holds resources). */
    close: async (): Promise<void> => {
      await heard?.stop();
    },
  };
}

export type Auth = ReturnType<typeof createAuth>;

/**
 * The CSRF check, then authentication, as one middleware: an unsafe cookie-carrying request that
 * fails the check is refused before its credential is even read. The check is synchronous, so the
 * two cost one layer and the authentication's own (each layer is an async function and a promise
 * on every request).
 */
function csrfThenAuthenticate(
  refuseCsrf: (c: Context) => Response | undefined,
  authenticating: MiddlewareHandler<AuthEnv>,
  onRefusal: AuthConfig['onRefusal'],
): MiddlewareHandler<AuthEnv> {
  // Not async: authentication's own promise is returned as it is (an async function here would
  // wrap it in one more).
  return function csrfAndAuthenticate(c, next) {
    const refused = refuseCsrf(c);
    if (refused === undefined) return authenticating(c, next);
    onRefusal?.(c, 'csrf');
    return Promise.resolve(refused);
  };
}
