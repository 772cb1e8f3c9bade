import { serve } from '@hono/node-server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { type AuthEnv, createAuth } from '@warden/auth';
import { SCOPE_HEADER, scopeFromHeader } from '@warden/authz/trpc';
import { Hono } from 'hono';
import { openDatabase } from './db.js';
import { registry } from './registry.js';
import { makeRouter } from './router.js';
import { organization } from './schema.js';

const database = openDatabase();
const { db } = database;
// `cache`: sessions, tokens and permissions kept in memory, invalidated across every process by
// the database's NOTIFY; a revoke's response means it is in force here, and elsewhere within ms.
const auth = createAuth({
  db,
  secure: process.env.NODE_ENV === 'production',
  cache: database.cache,
});
const router = makeRouter(db);

const app = new Hono<AuthEnv>();
// CSRF checks on every cookie-authenticated unsafe request (/trpc included), then c.get('auth'):
// the session's or API token's user, or anonymous.
app.use(auth.middleware);
app.route('/auth', auth.routes); // /auth/csrf, /auth/login, /auth/logout, …
app.get('/healthz', (c) => c.json({ ok: true, credentialCache: auth.cache?.enabled ?? false }));
app.all('/trpc/*', (c) =>
  fetchRequestHandler({
    endpoint: '/trpc',
    req: c.req.raw,
    router,
    // x-warden-scope: 'blog.organization:1' → within(organization, 1); none → null; anything
    // else throws a BAD_REQUEST here, which tRPC answers as a 400.
    createContext: () => ({
      user: c.get('auth').user,
      scope: scopeFromHeader(registry, organization, c.req.header(SCOPE_HEADER)),
    }),
  }),
);

const port = Number(process.env.PORT ?? 3000);
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, (info) =>
  console.log(`blog listening on http://127.0.0.1:${info.port}`),
);
const sweep = setInterval(() => auth.sessions.deleteExpired(), 3_600_000);
process.on('SIGTERM', () => {
  clearInterval(sweep);
  // The cache's LISTEN connection first, then the pool its heartbeat goes through.
  server.close(() => void auth.close().then(() => database.close()));
});
