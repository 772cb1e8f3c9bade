import { type AnyPgDatabase, isDatabaseUnavailable, isWardenError } from '@warden/authz';
import { user } from '@warden/authz/schema';
import { and, eq } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { ApiTokens } from './api-tokens.js';
import { limitBody } from './body-limit.js';
import {
  type CookieConfig,
  clearSessionCookie,
  cookieNames,
  readCookie,
  setCsrfCookie,
  setSessionCookie,
} from './cookies.js';
import { basisOf, endCredentials } from './credentials.js';
import { isCsrfToken, newCsrfToken } from './csrf.js';
import { databaseUnavailableResponse, errorResponse } from './error-response.js';
import { apiTokenId, storableText } from './input.js';
import { type InvitationAcceptor, invitationRoutes } from './invitation-routes.js';
import type { AuthEnv } from './middleware.js';
import { changePassword, MIN_PASSWORD_LENGTH } from './password-change.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.js';
import { parseBody } from './request-body.js';
import type { Sessions } from './sessions.js';
import type { LoginThrottle } from './throttle.js';
import type { Clock } from './users.js';

export interface AuthRouteDeps {
  db: AnyPgDatabase;
  sessions: Sessions;
  tokens: ApiTokens;
  throttle: LoginThrottle;
  cookies: CookieConfig;
  clock: Clock;
  /** The client's address for throttling; the server derives it from the socket. */
  clientAddress: (c: Context) => string | undefined;
  /** The largest request body accepted, in bytes (413 beyond, before reading). */
  maxBodyBytes: number;
  /** `createMemberships(…)` of `@warden/authz`: mounts `/invitations/accept` and `/signup`. */
  invitations?: InvitationAcceptor;
}

// Text that reaches the database (a username, counted by the throttle; a token's name) is the
// shared `storableText`: a NUL reached Postgres as a 500 here while tRPC refused it.
// Passwords are only hashed, never stored as given, so any string up to the cap is one.
const login = z.object({
  username: storableText(150).min(1),
  password: z.string().min(1).max(4096),
});
const passwordChange = z.object({
  currentPassword: z.string().min(1).max(4096),
  newPassword: z
    .string()
    .min(MIN_PASSWORD_LENGTH, { message: `must be at least ${MIN_PASSWORD_LENGTH} characters` })
    .max(4096),
});
const newToken = z.object({
  name: storableText(100).trim().min(1),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

/** A credential, or null when its basis ended while the request ran (answered 401). */
async function issued<T>(creating: Promise<T>): Promise<T | null> {
  try {
    return await creating;
  } catch (error) {
    if (isWardenError(error) && error.code === 'CREDENTIAL_ENDED') return null;
    throw error;
  }
}

/** `/auth/*`: csrf, login, logout, logout everywhere, password change, API tokens. */
export function authRoutes(deps: AuthRouteDeps) {
  const { db, sessions, tokens, throttle, cookies } = deps;
  const app = new Hono<AuthEnv>();
  app.use(limitBody({ maxBytes: deps.maxBodyBytes }));
  // An unreachable database is answered here, JSON 503 with Retry-After, in any app: Hono's default
  // onError logged a stack per request and answered plain text. Anything else goes on to the app's.
  app.onError((error, c) => {
    if (isDatabaseUnavailable(error)) return databaseUnavailableResponse(c);
    throw error;
  });

  app.get('/csrf', (c) => {
    const existing = readCookie(c, cookieNames(cookies).csrf);
    const token = isCsrfToken(existing) ? existing : newCsrfToken();
    setCsrfCookie(c, cookies, token);
    return c.json({ token });
  });

  app.post('/login', async (c) => {
    const input = await parseBody(c, login);
    if (!input.ok) return input.res;
    const { username, password } = input.data;
    const address = deps.clientAddress(c);
    // Counted before the password is checked, so concurrent guesses cannot outrun the limit.
    const wait = await throttle.attempt(username, address);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return errorResponse(
        c,
        'TOO_MANY_REQUESTS',
        `too many failed logins; try again in ${wait} s`,
      );
    }
    const [found] = await db
      .select({ id: user.id, password: user.password, isActive: user.isActive })
      .from(user)
      .where(eq(user.username, username));
    let ok = false;
    // The hash the password was verified against: the session is issued only while it is still
    // the user's, so a login racing a password change cannot outlive the change.
    let verified = found?.password ?? '';
    if (found === undefined) {
      await burnPasswordCheck(password); // same cost as a real check: no username enumeration
    } else {
      const check = await verifyPassword(found.password, password);
      // Django's ModelBackend refuses inactive users with the same message as a wrong password.
      ok = check.ok && found.isActive;
      if (ok && check.needsRehash) {
        const rehashed = await hashPassword(password);
        const written = await db
          .update(user)
          .set({ password: rehashed })
          .where(and(eq(user.id, found.id), eq(user.password, found.password)))
          .returning({ id: user.id });
        if (written.length > 0) verified = rehashed;
      }
    }
    if (!ok || found === undefined) {
      return errorResponse(c, 'UNAUTHORIZED', 'invalid username or password');
    }
    await throttle.recordSuccess(username, address);
    // A fresh session every login (no fixation); the one this browser had, if any, is ended.
    const previous = c.get('auth').session;
    if (previous !== null) await sessions.delete(previous.id);
    const created = await issued(sessions.create(found.id, { passwordHash: verified }));
    if (created === null) return errorResponse(c, 'UNAUTHORIZED', 'invalid username or password');
    await db.update(user).set({ lastLogin: deps.clock() }).where(eq(user.id, found.id));
    setSessionCookie(c, cookies, created.token, created.session.expiresAt);
    setCsrfCookie(c, cookies, newCsrfToken()); // rotated at login, as Django does
    return c.json({
      ok: true,
      userId: found.id,
      expiresAt: created.session.expiresAt.toISOString(),
    });
  });

  app.post('/logout', async (c) => {
    const { session } = c.get('auth');
    if (session !== null) await sessions.delete(session.id);
    clearSessionCookie(c, cookies);
    return c.json({ ok: true });
  });

  app.post('/logout-all', async (c) => {
    const auth = c.get('auth');
    if (auth.user === null) return errorResponse(c, 'UNAUTHORIZED', 'not logged in');
    const userId = auth.user.id;
    const ended = await db.transaction((tx) => endCredentials(tx, userId));
    clearSessionCookie(c, cookies);
    return c.json({ ok: true, ...ended });
  });

  app.post('/password', async (c) => {
    const auth = c.get('auth');
    if (auth.user === null) return errorResponse(c, 'UNAUTHORIZED', 'not logged in');
    const input = await parseBody(c, passwordChange);
    if (!input.ok) return input.res;
    const result = await changePassword(db, {
      userId: auth.user.id,
      via: auth.via,
      ...(auth.session ? { keepSessionId: auth.session.id } : {}),
      ...input.data,
    });
    if (!result.ok) return errorResponse(c, 'BAD_REQUEST', 'currentPassword: incorrect');
    return c.json(result);
  });

  app.get('/tokens', async (c) => {
    const auth = c.get('auth');
    if (auth.user === null) return errorResponse(c, 'UNAUTHORIZED', 'not logged in');
    return c.json({ tokens: await tokens.list(auth.user.id) });
  });

  app.post('/tokens', async (c) => {
    const auth = c.get('auth');
    if (auth.user === null) return errorResponse(c, 'UNAUTHORIZED', 'not logged in');
    const input = await parseBody(c, newToken);
    if (!input.ok) return input.res;
    const days = input.data.expiresInDays;
    const expiresAt =
      days === undefined ? undefined : new Date(deps.clock().getTime() + days * 86_400_000);
    const created = await issued(
      tokens.create(auth.user.id, basisOf(auth), { name: input.data.name, expiresAt }),
    );
    if (created === null) return errorResponse(c, 'UNAUTHORIZED', 'not logged in');
    return c.json(created, 201);
  });

  app.delete('/tokens/:id', async (c) => {
    const auth = c.get('auth');
    if (auth.user === null) return errorResponse(c, 'UNAUTHORIZED', 'not logged in');
    const id = apiTokenId.safeParse(c.req.param('id'));
    if (!id.success) return errorResponse(c, 'BAD_REQUEST', 'id: not a token id');
    const gone = await tokens.revoke(auth.user.id, id.data);
    return gone ? c.body(null, 204) : errorResponse(c, 'NOT_FOUND', 'no such token');
  });

  if (deps.invitations !== undefined) {
    const { invitations } = deps;
    app.route('/invitations', invitationRoutes({ invitations, sessions, cookies }));
  }

  return app;
}
