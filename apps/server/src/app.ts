import { getConnInfo } from '@hono/node-server/conninfo';
import { type AuthConfig, type AuthEnv, cookieNames, createAuth, limitBody } from '@warden/auth';
import type { DbHandle } from '@warden/db';
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { allowedHosts, LOOPBACK_HOSTS } from './allowed-hosts';
import { credentialCaching } from './credential-caching';
import { noStore } from './no-store';
import { securityHeaders } from './security-headers';
import { DEFAULT_TRPC_BATCH_LIMIT, limitTrpcBatch } from './trpc-batch-limit';
import { mountTrpc } from './trpc-route';
import { serveWeb, type WebOptions } from './web-static';

export interface AppDeps {
  readonly db: DbHandle;
  /** How long /healthz waits for the database before answering 503. */
  readonly healthTimeoutMs?: number;
  /** Cookie security, trusted origins, clock… (the database comes from `db`). */
  readonly auth?: Omit<AuthConfig, 'db' | 'secure'> & { secure?: boolean };
  readonly trpc?: TrpcLimits;
  /**
   * Host names this server answers to (Django's ALLOWED_HOSTS; `.example.com` covers its
   * subdomains); any other Host gets 400. Default: the loopback names.
   */
  readonly allowedHosts?: readonly string[];
  /** The built web app to serve at `/` (apps/web/dist); without it, `/` is the JSON 404. */
  readonly web?: WebOptions;
  /**
   * Keep sessions, API tokens, users and permission sets across requests, invalidated by the
   * database's NOTIFY (the server turns it on; off, every request reads them: 1 statement).
   */
  readonly credentialCache?: boolean;
}

export interface TrpcLimits {
  /** The largest `/trpc` request body, in bytes (413 beyond, before reading). Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** The most calls one batched `/trpc` request may carry (400 beyond). Default 50. */
  readonly maxBatchCalls?: number;
}

/** Default `/trpc` body limit: the largest input the API takes is a few KiB; a batch, some more. */
export const DEFAULT_TRPC_BODY_LIMIT = 1024 * 1024;

/** The socket's peer address; proxies' X-Forwarded-For is not trusted by default. */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // in-process requests (tests) have no socket
  }
}

/** The whole HTTP surface. Built from its dependencies so tests drive the real app in-process. */
export function createApp({
  db,
  healthTimeoutMs = 2_000,
  auth: authConfig = {},
  trpc = {},
  allowedHosts: hosts = LOOPBACK_HOSTS,
  web,
  credentialCache = false,
}: AppDeps) {
  // HTTPS (production): Secure __Host- cookies and HSTS.
  const secure = authConfig.secure ?? false;
  const caching = credentialCache ? credentialCaching(db) : undefined;
  const auth = createAuth({
    clientAddress,
    ...authConfig,
    secure,
    db: db.db,
    ...(caching ? { cache: caching.cache } : {}),
  });
  const app = new Hono<AuthEnv>();
  // First of all: a request for a host we do not serve gets nothing else.
  app.use(allowedHosts({ hosts }));
  app.use(securityHeaders({ secure }));
  app.use(
    noStore({
      paths: ['/auth', '/trpc'],
      credentialCookies: [cookieNames({ secure }).session],
    }),
  );
  // Request limits before CSRF and authentication: cheap, no query, and nothing below reads an
  // oversized body. The batch is counted from the URL, so it goes before any body is read.
  app.use(
    '/trpc/*',
    limitTrpcBatch({ endpoint: '/trpc', maxCalls: trpc.maxBatchCalls ?? DEFAULT_TRPC_BATCH_LIMIT }),
    limitBody({ maxBytes: trpc.maxBodyBytes ?? DEFAULT_TRPC_BODY_LIMIT }),
  );
  // Around everything that may change a credential or grant: its change is heard before it answers.
  if (caching) app.use(caching.syncAfterWrites);
  // CSRF before anything that could act on ambient credentials; then who is asking.
  app.use(auth.csrf);
  app.use(auth.authenticate);
  app.route('/auth', auth.routes);
  mountTrpc(app, { db: db.db, auth });

  app.get('/healthz', async (c) => {
    const started = performance.now();
    try {
      const { version } = await withTimeout(db.ping(), healthTimeoutMs);
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      return c.json({
        status: 'ok' as const,
        database: { backend: db.backend, ok: true as const, version, latencyMs },
      });
    } catch (error) {
      console.error('healthz: database check failed:', error);
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

  app.notFound((c) =>
    c.json(
      { error: { code: 'NOT_FOUND', message: `no route for ${c.req.method} ${c.req.path}` } },
      404,
    ),
  );

  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      return c.json({ error: { code: 'BAD_REQUEST', message: error.message } }, error.status);
    }
    console.error(`${c.req.method} ${c.req.path} failed:`, error);
    return c.json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'internal error' } }, 500);
  });

  return Object.assign(app, { auth, credentialCache: caching });
}

export type App = ReturnType<typeof createApp>;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
