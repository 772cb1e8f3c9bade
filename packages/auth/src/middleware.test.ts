import { Hono } from 'hono';
import { describe, expectTypeOf, it } from 'vitest';
import type { ApiTokenInfo } from './api-tokens.js';
import type { AuthEnv } from './middleware.js';
import type { Session } from './sessions.js';
import type { SessionUser } from './users.js';

// What the middleware puts on the context is typed, not Record<string, unknown>: a handler (and,
// through it, a tRPC context) narrows it by `via`.
describe('AuthEnv types', () => {
  it('narrows the user, session and token by how the request authenticated', () => {
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
  });
});
