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

/**
 * `createAuth`'s `onRefusal`: counts the requests its middleware refuses itself, a failed CSRF
 * check and a credential that could not be read while the database was unreachable (where the
 * app's onError, which counted those before, never sees them).
 */
export function countRefusal(
  events: SecurityEvents,
): (c: Context, refusal: 'csrf' | 'database_unavailable') => void {
  return function countAuthRefusal(c, refusal) {
    if (refusal === 'csrf')
      events.record('csrf_rejected', `${c.req.method} ${c.req.path} from ${peer(c)}`);
    else events.record('database_unavailable', `${c.req.method} ${c.req.path}`);
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
