import { getConnInfo } from '@hono/node-server/conninfo';
import type { AuthEnv } from '@warden/auth';
import type { Context, Handler, MiddlewareHandler } from 'hono';
import type { SecurityEvents } from './security-events.js';

/** The socket's peer address, for the log line only (in-process test requests have none). */
function peer(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * On `POST /auth/login`: counts the answer after the route has given it (401 a failed login, 429 a
 * throttled one). The username is not logged: it may be a password typed in the wrong field.
 */
export function countLoginFailures(events: SecurityEvents): MiddlewareHandler<AuthEnv> {
  return async function countLoginFailure(c, next) {
    await next();
    if (c.req.method !== 'POST') return;
    if (c.res.status === 401) events.record('login_failed', `from ${peer(c)}`);
    if (c.res.status === 429) events.record('login_throttled', `from ${peer(c)}`);
  };
}

/** Runs the CSRF middleware and counts the requests it refuses (it answers without calling next). */
export function countCsrfRejections(
  csrf: MiddlewareHandler<AuthEnv>,
  events: SecurityEvents,
): MiddlewareHandler<AuthEnv> {
  return async function csrfCounted(c, next) {
    let passed = false;
    const res = await csrf(c, async () => {
      passed = true;
      await next();
    });
    if (!passed) events.record('csrf_rejected', `${c.req.method} ${c.req.path} from ${peer(c)}`);
    return res;
  };
}

/** `GET /admin/security-events`: the totals since the process started, for active staff only. */
export function securityEventsRoute(events: SecurityEvents, since: Date): Handler<AuthEnv> {
  return function securityEventCounts(c) {
    const { user } = c.get('auth');
    if (user === null) {
      return c.json({ error: { code: 'UNAUTHORIZED', message: 'not logged in' } }, 401);
    }
    if (!user.isActive || !user.isStaff) {
      return c.json({ error: { code: 'FORBIDDEN', message: 'staff only' } }, 403);
    }
    return c.json({ since: since.toISOString(), counts: events.counts() });
  };
}

/**
 * Runs the authentication middleware and counts the requests it answers 503 itself: a credential
 * that could not be read while the database was unreachable (`@warden/auth` answers those, where
 * the app's onError, which counted them before, never sees them).
 */
export function countAuthenticationOutages(
  authenticate: MiddlewareHandler<AuthEnv>,
  events: SecurityEvents,
): MiddlewareHandler<AuthEnv> {
  return async function authenticationCounted(c, next) {
    let passed = false;
    const res = await authenticate(c, async () => {
      passed = true;
      await next();
    });
    if (!passed && res instanceof Response && res.status === 503) {
      events.record('database_unavailable', `${c.req.method} ${c.req.path}`);
    }
    return res;
  };
}
