import type { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import {
  ACTIVE_SCOPE_HEADER,
  type ApiContext,
  type Apps,
  activeScope,
  appRouter,
  type Codename,
  registry,
} from '@warden/api';
import type { Auth, AuthEnv } from '@warden/auth';
import { type AnyPgDatabase, createAuthz, createGrants, type Memberships } from '@warden/authz';
import type { Hono } from 'hono';
import { errorText } from './error-text.js';
import { logSafe } from './log-safe.js';
import type { SecurityEvents } from './security-events.js';

/**
 * `/trpc` on tRPC's own fetch adapter. Not @hono/trpc-server: its createContext returns
 * `Record<string, unknown>`, so a context that does not match the router would still compile.
 * Here `createContext` must return the router's `ApiContext`, built from the typed Hono `auth`.
 */
export function mountTrpc(
  app: Hono<AuthEnv>,
  deps: {
    db: AnyPgDatabase;
    auth: Auth;
    events: SecurityEvents;
    memberships: Memberships<Apps, Codename>;
  },
): void {
  const authz = createAuthz({ db: deps.db, registry });
  const grants = createGrants({ db: deps.db, registry });
  // Made once, not per request (a closure per call is garbage on the hot path).
  const onError = ({ error, path }: { error: TRPCError; path: string | undefined }) => {
    const where = path ?? '?';
    if (error.code === 'FORBIDDEN') deps.events.record('permission_denied', where);
    if (error.code === 'SERVICE_UNAVAILABLE') deps.events.record('database_unavailable', where);
    if (error.code === 'INTERNAL_SERVER_ERROR')
      console.error(`trpc ${logSafe(where)} failed: ${errorText(error.cause ?? error)}`);
  };
  // tRPC's Response as it is, its promise returned (no async layer of our own): re-wrapping it
  // (`c.newResponse(res.body, res)`) turned its string body into a stream, a third of the
  // protected list's extra CPU in a profile (issue 9). Middleware that adds headers does so after
  // (the session cookie's renewal, the front door's).
  app.all('/trpc/*', (c) =>
    fetchRequestHandler({
      endpoint: '/trpc',
      req: c.req.raw,
      router: appRouter,
      createContext: (): ApiContext => {
        const auth = c.get('auth');
        // A malformed header is the client's mistake: tRPC answers createContext's error as 400.
        const scope = activeScope(c.req.header(ACTIVE_SCOPE_HEADER));
        return {
          scope,
          db: deps.db,
          auth,
          user: auth.user,
          authz,
          grants,
          memberships: deps.memberships,
          sessions: deps.auth.sessions,
          tokens: deps.auth.tokens,
        };
      },
      onError,
    }),
  );
}
