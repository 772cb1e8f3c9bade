import { registry } from '@warden/api';
import {
  type AuthConfig,
  type AuthEnv,
  type CredentialCacheSource,
  cookieNames,
  createAuth,
  databaseUnavailableResponse,
  errorCodeOf,
  errorResponse,
  limitBody,
} from '@warden/auth';
import { credentialCache as onPglite } from '@warden/auth/pglite';
import { credentialCache as onPostgres } from '@warden/auth/postgres-js';
import { createMemberships, isDatabaseUnavailable } from '@warden/authz';
import type { DbHandle } from '@warden/db';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { hostRefusal, LOOPBACK_HOSTS } from './allowed-hosts.js';
import { countLoginFailures, countRefusal, securityEventsRoute } from './count-security-events.js';
import { errorText } from './error-text.js';
import { frontDoor } from './front-door.js';
import { logSafe } from './log-safe.js';
import { noStoreStep } from './no-store.js';
import { createSecurityEvents, type SecurityEvents } from './security-events.js';
import { securityHeaderStep } from './security-headers.js';
import { batchRefusal, DEFAULT_TRPC_BATCH_LIMIT } from './trpc-batch-limit.js';
import { mountTrpc } from './trpc-route.js';
import { serveWeb, type WebOptions } from './web-static.js';

export interface AppDeps {
  readonly db: DbHandle;
  /** How long /healthz waits for the database before answering 503. */
  readonly healthTimeoutMs?: number;
  /** Cookie security, trusted origins, clock… (the database comes from `db`). */
  readonly auth?: Omit<AuthConfig, 'db' | 'secure' | 'cache'> & { secure?: boolean };
  readonly trpc?: TrpcLimits;
  /**
   * Host names this server answers to (Django's ALLOWED_HOSTS; `.example.com` covers its
   * subdomains); any other Host gets 400. Default: the loopback names.
   */
  readonly allowedHosts?: readonly string[];
  /** The built web app to serve at `/` (apps/web/dist); without it, `/` is the JSON 404. */
  readonly web?: WebOptions;
  /**
   * How long a request may take before it is answered 503 (safe methods) or 504 (unsafe) without
   * waiting for its handler. Default 30 s.
   */
  readonly requestTimeoutMs?: number;
  /** Counts and rate-limited log lines of failed logins, denials… Default: one per app. */
  readonly securityEvents?: SecurityEvents;
  /**
   * Keep sessions, API tokens, users and permission sets across requests, invalidated by the
   * database's NOTIFY: `credentialCacheOf(db)` (the server turns it on; without it every request
   * reads them: 1 statement). `app.auth.close()` stops it.
   */
  readonly credentialCache?: CredentialCacheSource;
}

/** The library's credential cache on this database's driver: PGlite's client, or Postgres. */
export function credentialCacheOf(db: DbHandle): CredentialCacheSource {
  const target = db.listenOn;
  return target.backend === 'pglite' ? onPglite(target.client) : onPostgres(target.url);
}

export interface TrpcLimits {
  /** The largest `/trpc` request body, in bytes (413 beyond, before reading). Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** The most calls one batched `/trpc` request may carry (400 beyond). Default 50. */
  readonly maxBatchCalls?: number;
}

/** Default `/trpc` body limit: the largest input the API takes is a few KiB; a batch, some more. */
export const DEFAULT_TRPC_BODY_LIMIT = 1024 * 1024;

/** The whole HTTP surface. Built from its dependencies so tests drive the real app in-process. */
export function createApp({
  db,
  healthTimeoutMs = 2_000,
  auth: authConfig = {},
  trpc = {},
  allowedHosts: hosts = LOOPBACK_HOSTS,
  web,
  securityEvents: events = createSecurityEvents(),
  requestTimeoutMs = 30_000,
  credentialCache,
}: AppDeps) {
  const startedAt = new Date();
  // HTTPS (production): Secure __Host- cookies and HSTS.
  const secure = authConfig.secure ?? false;
  // An organization's members and invitations: the `/auth/invitations` routes accept its links.
  const memberships = createMemberships({ db: db.db, registry });
  const auth = createAuth({
    ...authConfig,
    secure,
    db: db.db,
    invitations: memberships,
    ...(credentialCache === undefined ? {} : { cache: credentialCache }),
    onRefusal: countRefusal(events),
  });
  const app = new Hono<AuthEnv>();
  // First of all: a request for a host we do not serve gets nothing else. Then no request waits
  // without bound, whatever it waits for (a database that stopped answering); the batch is counted
  // from the URL, before any body is read. Every answer gets the security headers, and no-store
  // where a cache must not keep it. One middleware for all of it (front-door.ts says why).
  app.use(
    frontDoor({
      refusals: [
        hostRefusal({ hosts }),
        batchRefusal({
          endpoint: '/trpc',
          maxCalls: trpc.maxBatchCalls ?? DEFAULT_TRPC_BATCH_LIMIT,
        }),
      ],
      deadline: {
        ms: requestTimeoutMs,
        onTimeout: (method, path) =>
          events.record('database_unavailable', `${method} ${path} timed out`),
      },
      finishers: [
        securityHeaderStep({ secure }),
        noStoreStep({
          paths: ['/auth', '/trpc'],
          credentialCookies: [cookieNames({ secure }).session],
        }),
      ],
    }),
  );
  // The body limit before CSRF and authentication: cheap, no query, and nothing below reads an
  // oversized body. Only where a body can be: a GET or HEAD has none (no layer for them).
  app.on(
    ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    '/trpc/*',
    limitBody({ maxBytes: trpc.maxBodyBytes ?? DEFAULT_TRPC_BODY_LIMIT }),
  );
  // CSRF before anything that could act on ambient credentials, then who is asking: one layer.
  app.use(auth.middleware);
  app.use('/auth/login', countLoginFailures(events));
  app.route('/auth', auth.routes);
  mountTrpc(app, { db: db.db, auth, events, memberships });
  app.get('/admin/security-events', securityEventsRoute(events, startedAt));

  app.get('/healthz', async (c) => {
    const started = performance.now();
    try {
      // Not the server's version: /healthz is anonymous, and an exact version tells a stranger
      // which advisories apply. The operator reads it from the database itself.
      await withTimeout(db.ping(), healthTimeoutMs);
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      return c.json({
        status: 'ok' as const,
        database: { backend: db.backend, ok: true as const, latencyMs },
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      events.record('database_unavailable', `GET /healthz: ${reason}`);
      return c.json(
        {
          status: 'unavailable' as const,
          database: { backend: db.backend, ok: false as const, error: 'database did not answer' },
        },
        503,
      );
    }
  });

  if (web !== undefined) app.get('*', serveWeb(web));

  app.notFound((c) => errorResponse(c, 'NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`));

  app.onError((error, c) => {
    // A status Hono or a middleware chose keeps its own code (413 is PAYLOAD_TOO_LARGE, not
    // BAD_REQUEST); anything else is a 500 that says no more than that.
    if (error instanceof HTTPException) {
      return errorResponse(c, errorCodeOf(error.status), error.message);
    }
    if (isDatabaseUnavailable(error)) {
      events.record('database_unavailable', `${c.req.method} ${c.req.path}`);
      return databaseUnavailableResponse(c);
    }
    console.error(`${logSafe(`${c.req.method} ${c.req.path}`)} failed: ${errorText(error)}`);
    return errorResponse(c, 'INTERNAL_SERVER_ERROR', 'internal error');
  });

  return Object.assign(app, { auth, securityEvents: events });
}

export type App = ReturnType<typeof createApp>;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
