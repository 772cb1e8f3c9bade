import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { initTRPC } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { type Apps, type Codename, perms as p, registry, schema } from '@warden/api';
import { type AuthEnv, createAuth, hashPassword, type SessionUser } from '@warden/auth';
import {
  type AnyPgDatabase,
  type Authz,
  createAuthz,
  createGrants,
  syncPermissions,
} from '@warden/authz';
import { user } from '@warden/authz/schema';
import { createContextProtect, type PermissionClass, permissionClass } from '@warden/authz/trpc';
import { describeEachBackend } from '@warden/db/testing';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Visitor } from './live-server.js';

// Every permission class × every kind of user × query and mutation, over real HTTP: a live server
// with the real session + CSRF middleware, users logged in through /auth/login, statuses read off
// the responses. Object-level classes act on product 1.
const KINDS = [
  'anonymous',
  'inactive',
  'plain',
  'staff',
  'superuser',
  'direct',
  'group',
  'object',
] as const;
type Kind = (typeof KINDS)[number];
const { product } = schema;

const evenOnly = permissionClass<Codename>({
  describe: 'an even product',
  hasObjectPermission: (_req, o) => typeof o === 'object' && Number(o.id) % 2 === 0,
});
// class → [[query statuses], [mutation statuses]] in KINDS order.
const cases: Array<[string, PermissionClass<Codename>, boolean, number[], number[]]> = [
  [
    'AllowAny',
    p.allowAny,
    false,
    [200, 200, 200, 200, 200, 200, 200, 200],
    [200, 200, 200, 200, 200, 200, 200, 200],
  ],
  [
    'IsAuthenticated',
    p.isAuthenticated,
    false,
    [401, 401, 200, 200, 200, 200, 200, 200],
    [401, 401, 200, 200, 200, 200, 200, 200],
  ],
  [
    'IsAdminUser',
    p.isAdminUser,
    false,
    [401, 401, 403, 200, 200, 403, 403, 403],
    [401, 401, 403, 200, 200, 403, 403, 403],
  ],
  [
    'IsAuthenticatedOrReadOnly',
    p.isAuthenticatedOrReadOnly,
    false,
    [200, 200, 200, 200, 200, 200, 200, 200],
    [401, 401, 200, 200, 200, 200, 200, 200],
  ],
  [
    'DjangoModelPermissions',
    p.modelPermissions(product, { mutation: 'change' }),
    false,
    [401, 401, 403, 403, 200, 200, 200, 403],
    [401, 401, 403, 403, 200, 200, 200, 403],
  ],
  [
    'DjangoModelPermissionsOrAnonReadOnly',
    p.modelPermissionsOrAnonReadOnly(product, { mutation: 'change' }),
    false,
    [200, 200, 200, 200, 200, 200, 200, 200],
    [401, 401, 403, 403, 200, 200, 200, 403],
  ],
  [
    'DjangoObjectPermissions',
    p.objectPermissions(product, { mutation: 'change' }),
    true,
    [401, 401, 404, 404, 200, 200, 200, 200],
    [401, 401, 404, 404, 200, 200, 200, 200],
  ],
  [
    "permission_required('polls.can_vote')",
    p.permissionRequired('polls.can_vote'),
    false,
    [401, 401, 403, 403, 200, 200, 403, 403],
    [401, 401, 403, 403, 200, 200, 403, 403],
  ],
  [
    'IsAdminUser | can_vote',
    p.or(p.isAdminUser, p.permissionRequired('polls.can_vote')),
    false,
    [401, 401, 403, 200, 200, 200, 403, 403],
    [401, 401, 403, 200, 200, 200, 403, 403],
  ],
  [
    'IsAuthenticated & ~IsAdminUser',
    p.and(p.isAuthenticated, p.not(p.isAdminUser)),
    false,
    [401, 401, 200, 403, 403, 200, 200, 200],
    [401, 401, 200, 403, 403, 200, 200, 200],
  ],
  [
    'IsAdminUser | even object (object level)',
    p.or(p.isAdminUser, evenOnly),
    true,
    [401, 401, 403, 200, 200, 403, 403, 403],
    [401, 401, 403, 200, 200, 403, 403, 403],
  ],
];

type Ctx = { user: SessionUser | null; authz: Authz<Apps, Codename> };

function matrixRouter(db: AnyPgDatabase) {
  const t = initTRPC.context<Ctx>().create();
  const protect = createContextProtect<Codename, SessionUser>();
  const procedures: Record<string, ReturnType<typeof t.procedure.query>> = {};
  for (const [i, [, cls, objects]] of cases.entries()) {
    const guarded = t.procedure.use(protect(cls));
    // DRF's get_object(): the row as selected (an object is a whole row of its table).
    const act = async (ctx: { checkObject: (o: typeof product.$inferSelect) => Promise<void> }) => {
      const [row] = await db.select().from(product).where(eq(product.id, 1));
      if (objects && row !== undefined) await ctx.checkObject(row);
      return 'ok';
    };
    procedures[`q${i}`] = guarded.query(({ ctx }) => act(ctx));
    procedures[`m${i}`] = guarded.mutation(({ ctx }) => act(ctx)) as never;
  }
  return t.router(procedures);
}

async function startMatrixServer(db: AnyPgDatabase) {
  const auth = createAuth({ db, secure: false, throttle: { maxAddressFailures: 1000 } });
  const authz = createAuthz({ db, registry });
  const router = matrixRouter(db);
  const app = new Hono<AuthEnv>().use(auth.middleware).route('/auth', auth.routes);
  app.all('/trpc/*', (c) =>
    fetchRequestHandler({
      endpoint: '/trpc',
      req: c.req.raw,
      router,
      createContext: (): Ctx => ({ user: c.get('auth').user, authz }),
    }),
  );
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describeEachBackend('permission classes over HTTP', (t) => {
  let server: Awaited<ReturnType<typeof startMatrixServer>>;
  const visitors = {} as Record<Kind, Visitor>;

  beforeAll(async () => {
    await syncPermissions(t.db, registry);
    await t.db.insert(product).values([
      { name: 'one', priceCents: 1 },
      { name: 'two', priceCents: 2 },
    ]);
    const grants = createGrants({ db: t.db, registry });
    const passwordHash = await hashPassword('pw-for-matrix');
    const flags: Partial<Record<Kind, { isStaff?: boolean; isSuperuser?: boolean }>> = {
      staff: { isStaff: true },
      superuser: { isStaff: true, isSuperuser: true },
      inactive: { isStaff: true },
    };
    for (const kind of KINDS.slice(1))
      await grants.createUser({ username: kind, passwordHash, ...flags[kind] });
    for (const c of ['shop.view_product', 'shop.change_product', 'polls.can_vote'] as const) {
      await grants.grant({ user: { username: 'direct' } }, c);
      await grants.grant({ user: { username: 'inactive' } }, c);
    }
    await grants.createGroup('editors');
    await grants.grant({ group: { name: 'editors' } }, 'shop.view_product');
    await grants.grant({ group: { name: 'editors' } }, 'shop.change_product');
    await grants.addToGroup({ username: 'group' }, { name: 'editors' });
    await grants.grant({ user: { username: 'object' } }, 'shop.view_product', 1);
    await grants.grant({ user: { username: 'object' } }, 'shop.change_product', 1);

    server = await startMatrixServer(t.db);
    for (const kind of KINDS) {
      const visitor = new Visitor(server.url);
      if (kind === 'anonymous') await visitor.fetch(`${server.url}/auth/csrf`);
      else await visitor.login(kind, 'pw-for-matrix');
      visitors[kind] = visitor;
    }
    // Deactivated after logging in: the session stops working, the request is anonymous.
    await t.db.update(user).set({ isActive: false }).where(eq(user.username, 'inactive'));
  });
  afterAll(() => server.close());

  for (const [i, [name, , , queries, mutations]] of cases.entries()) {
    it(`${name}: HTTP status for every kind of user, query and mutation`, async () => {
      const got = { query: [] as number[], mutation: [] as number[] };
      for (const kind of KINDS) {
        const v = visitors[kind];
        got.query.push((await v.fetch(`${server.url}/trpc/q${i}`)).status);
        got.mutation.push(
          (
            await v.fetch(`${server.url}/trpc/m${i}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
            })
          ).status,
        );
      }
      expect(got).toEqual({ query: queries, mutation: mutations });
    });
  }
});
