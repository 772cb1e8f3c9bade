import { Hono } from 'hono';
import { expectTypeOf } from 'vitest';
import type { ApiTokenInfo } from '../src/api-tokens.js';
import type { AuthEnv } from '../src/middleware.js';
import type { Session } from '../src/sessions.js';
import type { SessionUser } from '../src/users.js';

// What the middleware puts on the context is typed, not Record<string, unknown>: a handler (and,
// through it, a tRPC context) narrows it by `via`.
// Compiled by `pnpm typecheck`, never run.
export function narrowsByHowTheRequestAuthenticated() {
  new Hono<AuthEnv>().get('/', (c) => {
    const auth = c.get('auth');
    expectTypeOf(auth.user).toEqualTypeOf<SessionUser | null>();
    if (auth.via === 'session') {
      expectTypeOf(auth.user).toEqualTypeOf<SessionUser>();
      expectTypeOf(auth.session).toEqualTypeOf<Session>();
    } else if (auth.via === 'token') {
      expectTypeOf(auth.apiToken).toEqualTypeOf<ApiTokenInfo>();
      expectTypeOf(auth.session).toBeNull();
    } else {
      expectTypeOf(auth.user).toBeNull();
    }
    if (auth.user !== null) expectTypeOf(auth.user.isSuperuser).toBeBoolean();
    return c.text('ok');
  });
}
