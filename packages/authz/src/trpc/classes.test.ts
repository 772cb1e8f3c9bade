import { initTRPC, TRPCError } from '@trpc/server';
import { describeEachBackend } from '@warden/db/testing';
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { type Codename, product, registry, setUp } from '../../test/fixture.js';
import type { AuthUser } from '../types.js';
import { permissionClasses } from './classes.js';
import type { PermissionMeta } from './guards.js';
import { createProtect } from './middleware.js';
import { type PermissionClass, permissionClass } from './permission-class.js';

type Ctx = { user: AuthUser | null };
type Outcome = 'OK' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND';
const USERS = ['plain', 'staff', 'direct', 'viewer'] as const;
type UserKind = (typeof USERS)[number];

// Every class × operation × kind of user is in drf-matrix.test.ts (data: test/drf-matrix.ts); this
// file keeps what a table does not show: messages, composition of custom hooks, subscriptions, types.
const p = permissionClasses(registry);
/** Custom class with an object hook: only even product ids (to test composition at object level). */
const evenOnly = permissionClass<Codename>({
  describe: 'an even product',
  hasObjectPermission: (_req, o) => typeof o === 'object' && Number(o.id) % 2 === 0,
});

/** `read`/`write` act on the model; with `objects`, on product 1 after checkObject (DRF's get_object). */
function routerFor(
  protect: ReturnType<typeof createProtect<Codename, AuthUser>>,
  cls: PermissionClass<Codename>,
  objects = false,
) {
  const t = initTRPC.context<Ctx>().meta<PermissionMeta>().create();
  const base = t.procedure.use(protect(cls));
  const act = async (ctx: {
    checkObject: (o: { id: number; name: string; ownerId: null }) => Promise<void>;
  }) => {
    if (objects) await ctx.checkObject({ id: 1, name: 'product 1', ownerId: null });
  };
  return t.router({
    read: base.query(async ({ ctx }) => {
      await act(ctx);
      return 'read';
    }),
    write: base.mutation(async ({ ctx }) => {
      await act(ctx);
      return 'written';
    }),
  });
}

async function outcome(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    await call();
    return 'OK';
  } catch (error) {
    if (error instanceof TRPCError) return error.code as Outcome;
    throw error;
  }
}

describeEachBackend('permission classes as tRPC middlewares', (t) => {
  let protect: ReturnType<typeof createProtect<Codename, AuthUser>>;
  const users = {} as Record<UserKind, AuthUser>;

  beforeAll(async () => {
    const { authz, grants } = await setUp(t.db);
    protect = createProtect<Codename, AuthUser>(authz);
    const make = async (name: string, flags: Partial<AuthUser> = {}) => {
      const { id } = await grants.createUser({ username: name, ...flags });
      return {
        id,
        isActive: flags.isActive ?? true,
        isSuperuser: flags.isSuperuser ?? false,
        isStaff: flags.isStaff ?? false,
      };
    };
    users.plain = await make('plain');
    users.staff = await make('staff', { isStaff: true });
    users.direct = await make('direct');
    users.viewer = await make('viewer');
    for (const c of ['shop.view_product', 'shop.change_product', 'shop.can_publish'] as const)
      await grants.grant({ user: { username: 'direct' } }, c);
    await grants.grant({ user: { username: 'viewer' } }, 'shop.view_product', 1);
  });

  it('composes object-level hooks with DRF’s meaning', async () => {
    const cls = p.or(p.isAdminUser, evenOnly);
    const t2 = initTRPC.context<Ctx>().create();
    const router = t2.router({
      change: t2.procedure.use(protect(cls)).mutation(async ({ ctx }) => {
        await ctx.checkObject({ id: 1 });
        return 'ok';
      }),
      changeEven: t2.procedure.use(protect(cls)).mutation(async ({ ctx }) => {
        await ctx.checkObject({ id: 2 });
        return 'ok';
      }),
    });
    expect(await outcome(() => router.createCaller({ user: users.plain }).change())).toBe(
      'FORBIDDEN',
    );
    expect(await outcome(() => router.createCaller({ user: users.plain }).changeEven())).toBe('OK');
    expect(await outcome(() => router.createCaller({ user: users.staff }).change())).toBe('OK');
  });

  it('treats subscriptions as queries (safe methods)', async () => {
    const t2 = initTRPC.context<Ctx>().create();
    const guard = protect(p.modelPermissions(product, { mutation: 'change' }));
    const router = t2.router({
      updates: t2.procedure.use(guard).subscription(async function* () {
        yield 'tick';
      }),
    });
    const first = async (user: AuthUser | null) => {
      for await (const value of await router.createCaller({ user }).updates()) return value;
    };
    expect(await first(users.direct)).toBe('tick'); // needs view_product, as a query would
    expect(await outcome(() => first(users.plain))).toBe('FORBIDDEN');
    expect(await outcome(() => first(null))).toBe('UNAUTHORIZED');
    // isAuthenticatedOrReadOnly: a subscription is a read, open to anonymous callers.
    const open = t2.router({
      feed: t2.procedure.use(protect(p.isAuthenticatedOrReadOnly)).subscription(async function* () {
        yield 'open';
      }),
    });
    for await (const value of await open.createCaller({ user: null }).feed())
      expect(value).toBe('open');
  });

  it('inverts object hooks under not(), as DRF does', async () => {
    // A class without an object hook answers "yes" there, so its negation fails every object check:
    // DRF's ~IsAuthenticated behaves the same on a view that calls get_object().
    const router = routerFor(protect, p.and(p.isAuthenticated, p.not(p.isAdminUser)), true);
    expect(await outcome(() => router.createCaller({ user: users.plain }).read())).toBe(
      'FORBIDDEN',
    );
  });

  it('hides objects the user may not view, and says what was missing to whoever lacks it', async () => {
    const router = routerFor(protect, p.objectPermissions(product, { mutation: 'change' }), true);
    await expect(router.createCaller({ user: users.plain }).write()).rejects.toThrow(/not found/);
    await expect(router.createCaller({ user: users.viewer }).write()).rejects.toThrow(
      'permission denied: this mutation needs shop.change_product on the object',
    );
    const model = routerFor(protect, p.modelPermissions(product, { mutation: 'change' }));
    await expect(model.createCaller({ user: null }).read()).rejects.toThrow(
      'authentication required: this query needs shop.view_product',
    );
  });
});

describe('types', () => {
  it('narrows ctx.user after a class that implies authentication, not otherwise', () => {
    const t = initTRPC.context<Ctx>().create();
    const protect = createProtect<Codename, AuthUser>(null as never);
    t.procedure
      .use(protect(p.isAuthenticated))
      .query(({ ctx }) => expectTypeOf(ctx.user).toEqualTypeOf<AuthUser>());
    t.procedure
      .use(protect(p.modelPermissions(product, { mutation: 'add' })))
      .query(({ ctx }) => expectTypeOf(ctx.user).toEqualTypeOf<AuthUser>());
    t.procedure
      .use(protect(p.allowAny))
      .query(({ ctx }) => expectTypeOf(ctx.user).toEqualTypeOf<AuthUser | null>());
    t.procedure
      .use(protect(p.or(p.isAuthenticated, p.allowAny)))
      .query(({ ctx }) => expectTypeOf(ctx.user).toEqualTypeOf<AuthUser | null>());
    t.procedure
      .use(protect(p.and(p.allowAny, p.isAdminUser)))
      .query(({ ctx }) => expectTypeOf(ctx.user).toEqualTypeOf<AuthUser>());
  });

  it('accepts only valid codenames and actions', () => {
    expect(() => {
      // @ts-expect-error the seed's classic mistake is a compile error
      p.permissionRequired('shop.can_add');
    }).toThrow(/did you mean/);
    p.permissionRequired('shop.can_publish');
    p.modelPermissions(product, { mutation: 'delete' });
    p.modelPermissions(product, { mutation: 'shop.can_publish' });
    // @ts-expect-error 'publish' is neither an action nor a codename
    p.modelPermissions(product, { mutation: 'publish' });
    // @ts-expect-error 'view' is what queries need; a mutation states add/change/delete or a codename
    p.modelPermissions(product, { mutation: 'view' });
  });
});
