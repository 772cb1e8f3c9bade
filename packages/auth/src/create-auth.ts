import type { AnyPgDatabase } from '@warden/authz';
import type { Context } from 'hono';
import { createApiTokens } from './api-tokens';
import { DEFAULT_AUTH_BODY_LIMIT } from './body-limit';
import type { CredentialCache } from './credential-cache';
import { csrfProtection } from './csrf';
import { authenticate } from './middleware';
import { authRoutes } from './routes';
import { createSessions } from './sessions';
import { createLoginThrottle, type ThrottleOptions } from './throttle';
import { type Clock, systemClock } from './users';

export interface AuthConfig {
  db: AnyPgDatabase;
  /** HTTPS deployment: Secure + __Host- cookies. */
  secure: boolean;
  /** Origins allowed to send unsafe requests besides the server's own. */
  trustedOrigins?: readonly string[];
  clock?: Clock;
  clientAddress?: (c: Context) => string;
  sessionInactivityTimeoutMs?: number;
  throttle?: Omit<ThrottleOptions, 'db' | 'clock'>;
  /** The largest body the `/auth` routes accept, in bytes (413 beyond). Default 64 KiB. */
  maxBodyBytes?: number;
  /**
   * Sessions and API tokens kept across requests. Only with the invalidation triggers' NOTIFY fed
   * to it (`cache.notified`, `cache.listening`); without it every request reads the database.
   */
  cache?: CredentialCache;
}

/** Everything packages/auth gives a Hono app, wired from one config. */
export function createAuth(config: AuthConfig) {
  const clock = config.clock ?? systemClock;
  const cookies = { secure: config.secure };
  const cache = config.cache === undefined ? {} : { cache: config.cache };
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
  return {
    sessions,
    tokens,
    throttle,
    authenticate: authenticate({ sessions, tokens, cookies }),
    csrf: csrfProtection({ ...cookies, trustedOrigins: config.trustedOrigins ?? [] }),
    routes: authRoutes({
      db: config.db,
      sessions,
      tokens,
      throttle,
      cookies,
      clock,
      clientAddress: config.clientAddress ?? (() => 'unknown'),
      maxBodyBytes: config.maxBodyBytes ?? DEFAULT_AUTH_BODY_LIMIT,
    }),
  };
}

export type Auth = ReturnType<typeof createAuth>;
