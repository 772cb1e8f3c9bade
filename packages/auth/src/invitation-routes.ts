import { type AuditVia, type InvitationInfo, isWardenError, type Joined } from '@warden/authz';
import { TRPC_CODE_OF_WARDEN_ERROR } from '@warden/authz/trpc';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { type CookieConfig, setCsrfCookie, setSessionCookie } from './cookies.js';
import { newCsrfToken } from './csrf.js';
import { errorResponse } from './error-response.js';
import { invitationTokenInput, usernameInput } from './input.js';
import type { AuthEnv } from './middleware.js';
import { MIN_PASSWORD_LENGTH } from './password-change.js';
import { hashPassword } from './passwords.js';
import { parseBody } from './request-body.js';
import type { Sessions } from './sessions.js';
import type { SessionUser } from './users.js';

/**
 * What the invitation routes need of `createMemberships(…)` of `@warden/authz`: reading a link,
 * and joining by it (an existing user, or a new account).
 */
export interface InvitationAcceptor {
  peek(token: string): Promise<Pick<InvitationInfo, 'status'> | undefined>;
  accept(token: string, user: SessionUser, opts?: { via?: AuditVia }): Promise<Joined>;
  acceptNewAccount(
    token: string,
    account: { username: string; email?: string; passwordHash?: string },
    opts?: { via?: AuditVia },
  ): Promise<Joined>;
}

const accept = z.object({ token: invitationTokenInput });
const signup = z.object({
  token: invitationTokenInput,
  username: usernameInput,
  email: z.union([z.literal(''), z.email().max(254)]).optional(),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, { message: `must be at least ${MIN_PASSWORD_LENGTH} characters` })
    .max(4096),
});

/** A Warden refusal (a used, expired or void link; a taken username) as its 4xx; else rethrown. */
function refusal(c: Context, error: unknown): Response {
  if (!isWardenError(error)) throw error;
  const code = TRPC_CODE_OF_WARDEN_ERROR[error.code];
  if (code === null) throw error;
  return errorResponse(c, code, error.message);
}

const joined = (j: Joined) => ({ ok: true, userId: j.userId, scope: j.scope, roles: j.roles });

/**
 * `/auth/invitations/*`: accepting an invitation link. `accept` joins the logged-in user;
 * `signup` creates the account, joins it and logs it in, as `/auth/login` would (a fresh session,
 * the CSRF token rotated). A link that cannot be accepted creates no account and hashes no password.
 */
export function invitationRoutes(deps: {
  invitations: InvitationAcceptor;
  sessions: Sessions;
  cookies: CookieConfig;
}) {
  const { invitations, sessions, cookies } = deps;
  const app = new Hono<AuthEnv>();

  app.post('/accept', async (c) => {
    const auth = c.get('auth');
    if (auth.user === null) return errorResponse(c, 'UNAUTHORIZED', 'not logged in');
    const input = await parseBody(c, accept);
    if (!input.ok) return input.res;
    try {
      const via = auth.via === 'token' ? 'token' : 'session';
      return c.json(joined(await invitations.accept(input.data.token, auth.user, { via })));
    } catch (error) {
      return refusal(c, error);
    }
  });

  app.post('/signup', async (c) => {
    const input = await parseBody(c, signup);
    if (!input.ok) return input.res;
    const { token, username, password, email } = input.data;
    // Hashing costs a CPU's tenth of a second: only for a link that can still be accepted.
    const found = await invitations.peek(token);
    if (found === undefined)
      return errorResponse(c, 'NOT_FOUND', 'this invitation does not exist or was withdrawn');
    if (found.status !== 'pending')
      return errorResponse(c, 'CONFLICT', `this invitation is ${found.status}`);
    let result: Joined;
    const passwordHash = await hashPassword(password);
    try {
      const account = { username, passwordHash, ...(email ? { email } : {}) };
      result = await invitations.acceptNewAccount(token, account, { via: 'session' });
    } catch (error) {
      return refusal(c, error);
    }
    const previous = c.get('auth').session;
    if (previous !== null) await sessions.delete(previous.id);
    // Issued only while the hash just stored is still the account's (as a login's session).
    const created = await sessions.create(result.userId, { passwordHash });
    setSessionCookie(c, cookies, created.token, created.session.expiresAt);
    setCsrfCookie(c, cookies, newCsrfToken());
    return c.json({ ...joined(result), expiresAt: created.session.expiresAt.toISOString() }, 201);
  });

  return app;
}
