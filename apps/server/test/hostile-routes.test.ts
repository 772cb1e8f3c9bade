import { seedDemo } from '@warden/api';
import { describeEachBackend } from '@warden/db/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import {
  digest,
  expectNoLeak,
  hostileBody,
  hostileRuns,
  hostileString,
  percentEncode,
  sendHostile,
} from './hostile.js';
import { startServer, Visitor } from './live-server.js';

// The Hono routes beside /trpc (which `hostile-input.test.ts` covers): `/auth/*`, `/healthz` and
// `/admin/security-events`, with hostile JSON bodies, hostile path parameters and wrong methods,
// over real HTTP, with a session and the CSRF token, so the input reaches the handlers. Before
// (issue 24 #8), a NUL gave 500 on `/auth/login` (username), `POST /auth/tokens` (name) and
// `DELETE /auth/tokens/a%00b`: these routes had zod schemas of their own, not the shared ones.

interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** The JSON body's fields; none for a route that reads no body. */
  fields: readonly string[];
  /**
   * Who calls it: the superuser (every other route), an anonymous visitor (a login must not end
   * the superuser's session), or a user who is logged out by it and back in before the next call.
   */
  as: 'admin' | 'anonymous' | 'leaver';
}

const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/auth/csrf', fields: [], as: 'anonymous' },
  { method: 'POST', path: '/auth/login', fields: ['username', 'password'], as: 'anonymous' },
  { method: 'POST', path: '/auth/logout', fields: [], as: 'leaver' },
  { method: 'POST', path: '/auth/logout-all', fields: [], as: 'leaver' },
  {
    method: 'POST',
    path: '/auth/password',
    fields: ['currentPassword', 'newPassword'],
    as: 'admin',
  },
  { method: 'GET', path: '/auth/tokens', fields: [], as: 'admin' },
  { method: 'POST', path: '/auth/tokens', fields: ['name', 'expiresInDays'], as: 'admin' },
  { method: 'DELETE', path: '/auth/tokens/:id', fields: [], as: 'admin' },
  { method: 'POST', path: '/auth/invitations/accept', fields: ['token'], as: 'admin' },
  {
    method: 'POST',
    path: '/auth/invitations/signup',
    fields: ['token', 'username', 'password', 'email'],
    as: 'anonymous',
  },
  { method: 'GET', path: '/healthz', fields: [], as: 'anonymous' },
  { method: 'GET', path: '/admin/security-events', fields: [], as: 'admin' },
];
const allFields = [...new Set(ROUTES.flatMap((r) => r.fields))];

// A refused login is counted before it is answered, on purpose (the throttle's design): that table
// is left out of "a refusal writes nothing".
const COUNTED_ON_REFUSAL = ['auth_login_throttle'];

const hostileRequest = fc.constantFrom(...ROUTES).chain((route) =>
  fc.record({
    route: fc.constant(route),
    body: hostileBody(route.fields, allFields),
    /** What `:id` becomes (percent-encoded), and what else is appended to the query string. */
    param: hostileString,
    method: fc.oneof(
      { weight: 4, arbitrary: fc.constant(route.method) },
      fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
    ),
  }),
);

describeEachBackend('hostile input to every route beside /trpc', (t) => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const as: Record<Route['as'], Visitor | undefined> = {
    admin: undefined,
    anonymous: undefined,
    leaver: undefined,
  };
  const visitor = async (who: Route['as']): Promise<Visitor> => {
    let v = as[who];
    if (who === 'leaver' && (v === undefined || !v.cookies.has('session'))) v = await relogin();
    if (v === undefined) throw new Error(`no visitor ${who}`);
    as[who] = v;
    return v;
  };

  /**
   * The user the logout routes log out, logged in again. Its requests, like the hostile ones, may
   * land on a pooled socket a 413 closed (see `sendHostile`), so a failed attempt is made again.
   */
  const relogin = async (): Promise<Visitor> => {
    let last: unknown;
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        return await new Visitor(server.url).login('voter', 'voter-demo-pw');
      } catch (error) {
        last = error;
      }
    }
    throw last;
  };

  beforeAll(async () => {
    await seedDemo(t.db);
    // Limits far above what the runs reach: every hostile login is verified, none refused early.
    server = await startServer(t.handle, {
      auth: { throttle: { maxUsernameFailures: 1e6, maxAddressFailures: 1e6 } },
    });
    as.admin = await new Visitor(server.url).login('admin', 'admin-demo-pw');
    as.anonymous = new Visitor(server.url);
    await as.anonymous.fetch(`${server.url}/auth/csrf`);
  });
  afterAll(() => server.close());

  it('covers every route the app serves (a new route must be added here)', () => {
    const served = createApp({ db: t.handle })
      // Middlewares are ALL; the /trpc body limit is registered per method that carries a body,
      // and /trpc has its own hostile-input property test.
      .routes.filter((r) => r.method !== 'ALL' && !r.path.startsWith('/trpc'))
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(served).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('answers a NUL in /auth input with a 400 that names the field', async () => {
    const anonymous = await visitor('anonymous');
    const admin = await visitor('admin');
    const post = (v: Visitor, path: string, body: unknown) =>
      v.fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const cases: Array<[string, Promise<Response>, RegExp]> = [
      [
        'login',
        post(anonymous, '/auth/login', { username: 'ad\u0000min', password: 'x' }),
        /username/,
      ],
      ['login', post(anonymous, '/auth/login', { username: '\ud800', password: 'x' }), /username/],
      ['token', post(admin, '/auth/tokens', { name: 'my\u0000token' }), /name/],
      ['accept', post(admin, '/auth/invitations/accept', { token: 'a\u0000b' }), /token/],
      [
        'signup',
        post(anonymous, '/auth/invitations/signup', {
          token: 'a'.repeat(43),
          username: 'new\u0000comer',
          password: 'long-enough-password',
        }),
        /username/,
      ],
      [
        'revoke',
        admin.fetch(`${server.url}/auth/tokens/a%00b`, { method: 'DELETE' }),
        /not a token id/,
      ],
    ];
    for (const [what, call, field] of cases) {
      const res = await call;
      const text = await expectNoLeak(res, what);
      expect(res.status, `${what}: ${text}`).toBe(400);
      expect(text).toMatch(field);
    }
  });

  it('never answers 5xx, never leaks, and writes nothing when it refuses', {
    timeout: 180_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(hostileRequest, async ({ route, body, param, method }) => {
        const v = await visitor(route.as);
        const before = await digest(t.db, COUNTED_ON_REFUSAL);
        const path = route.path.replace(':id', percentEncode(param));
        const query = method === 'GET' ? `?q=${encodeURIComponent(body)}` : '';
        const send = () =>
          v.fetch(`${server.url}${path}${query}`, {
            method,
            ...(method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, body }),
          });
        const what = `${method} ${path.slice(0, 100)} ${body.slice(0, 200)}`;
        const res = await sendHostile(send, { length: body.length, limit: 65_536 }, what);
        if (res === undefined) {
          expect(await digest(t.db, COUNTED_ON_REFUSAL)).toBe(before);
          return;
        }
        await expectNoLeak(res, what);
        if (res.status >= 400) expect(await digest(t.db, COUNTED_ON_REFUSAL)).toBe(before);
      }),
      hostileRuns(200),
    );
  });
});
