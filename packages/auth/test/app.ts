import type { AnyPgDatabase } from '@warden/authz';
import { Hono } from 'hono';
import { type AuthConfig, createAuth } from '../src/create-auth.js';
import type { AuthEnv } from '../src/middleware.js';

/** A real Hono app with auth's middleware and routes, and two routes to probe them. */
export function makeApp(db: AnyPgDatabase, config: Partial<AuthConfig> = {}) {
  const auth = createAuth({
    db,
    secure: false,
    trustedOrigins: ['https://app.example'],
    clientAddress: (c) => c.req.header('x-test-address') ?? '192.0.2.1',
    ...config,
  });
  const app = new Hono<AuthEnv>();
  app.use(auth.middleware); // csrf, then authenticate
  app.route('/auth', auth.routes);
  app.get('/whoami', (c) => {
    const { via, user } = c.get('auth');
    return c.json({ via, username: user?.username ?? null });
  });
  app.post('/trpc/thing', (c) => c.json({ ok: true, via: c.get('auth').via }));
  return { app, auth };
}
