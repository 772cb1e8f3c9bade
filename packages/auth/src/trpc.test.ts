import { initTRPC } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { createGrants } from '@warden/authz';
import { user } from '@warden/authz/schema';
import { describeEachBackend } from '@warden/db/testing';
import { beforeAll, expect, expectTypeOf, it } from 'vitest';
import { registry, seedUsers } from '../test/fixture.js';
import { createGuards } from './trpc.js';
import type { SessionUser } from './users.js';

// The tRPC side in one call: a guard that narrows ctx.user to the SessionUser that `createAuth`
// authenticates, the classes typed by the registry, and denials as data on the wire.

describeEachBackend('createGuards', (t) => {
  const users: Record<'viewer' | 'nobody', SessionUser | null> = { viewer: null, nobody: null };

  const makeRouter = () => {
    const guards = createGuards({ db: t.db, registry, development: false });
    const { protect, perms } = guards;
    const trpc = initTRPC
      .context<{ user: SessionUser | null }>()
      .create({ errorFormatter: guards.errorFormatter });
    return trpc.router({
      users: trpc.procedure
        .use(protect(perms.modelPermissions(user, { mutation: 'add' })))
        .query(({ ctx }) => {
          expectTypeOf(ctx.user).toEqualTypeOf<SessionUser>(); // narrowed, with its username
          return ctx.user.username;
        }),
    });
  };

  const call = async (who: SessionUser | null) => {
    const res = await fetchRequestHandler({
      endpoint: '/trpc',
      req: new Request('http://localhost/trpc/users'),
      router: makeRouter(),
      createContext: () => ({ user: who }),
    });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    await seedUsers(t.db);
    const grants = createGrants({ db: t.db, registry });
    for (const name of ['viewer', 'nobody'] as const) {
      const { id } = await grants.createUser({ username: name });
      users[name] = {
        id,
        username: name,
        email: '',
        isActive: true,
        isStaff: false,
        isSuperuser: false,
        dateJoined: new Date(),
        lastLogin: null,
      };
    }
    await grants.grant({ user: { username: 'viewer' } }, 'auth.view_user');
  });

  it('answers as the grants say, with the denial as data', async () => {
    expect(await call(users.viewer)).toMatchObject({
      status: 200,
      body: { result: { data: 'viewer' } },
    });
    expect(await call(users.nobody)).toMatchObject({
      status: 403,
      body: {
        error: {
          data: {
            code: 'FORBIDDEN',
            denial: { reason: 'missing-permission', needs: ['auth.view_user'] },
          },
        },
      },
    });
    expect(await call(null)).toMatchObject({
      status: 401,
      body: { error: { data: { code: 'UNAUTHORIZED' } } },
    });
  });
});
