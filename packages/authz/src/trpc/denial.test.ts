import { type inferRouterError, initTRPC, TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type Codename, product, registry } from '../../test/fixture.js';
import type { Denial } from '../denial.js';
import type { AuthUser, ObjectRef } from '../types.js';
import { permissionClasses } from './classes.js';
import { denialFormatter, denialOf } from './denial.js';
import { createProtect, type PermissionSource } from './middleware.js';
import { type PermissionClass, permissionClass } from './permission-class.js';

const p = permissionClasses(registry);

/** A permission source without a database: `held` model-wide, `onObject` on product 1. */
function source(held: readonly Codename[], onObject: readonly Codename[] = []) {
  const all = new Set<Codename>(held);
  const names = new Set<string>([...held]);
  const authz: PermissionSource<Codename> = {
    load: async (user) => ({
      user,
      has: (c) => names.has(c),
      hasGlobally: (c) => names.has(c),
      hasAll: (cs) => cs.every((c) => names.has(c)),
      all: () => all,
    }),
    hasPermOn: async (_user, c, _object?: ObjectRef) => all.has(c) || onObject.includes(c),
    objectsFor: async () => {
      throw new Error('not used');
    },
    explain: async (_user, c) => ({ message: `no grant of ${c}` }),
  };
  return authz;
}

const user = (flags: Partial<AuthUser> = {}): AuthUser => ({
  id: 7,
  isActive: true,
  isSuperuser: false,
  isStaff: false,
  ...flags,
});

const t = initTRPC
  .context<{ user: AuthUser | null }>()
  .create({ errorFormatter: denialFormatter(registry) });

/** `read`/`write` under `cls`; with `object`, they check product 1 as DRF's get_object would. */
function routerFor(
  cls: PermissionClass<Codename>,
  authz: PermissionSource<Codename>,
  object = false,
) {
  const protect = createProtect<Codename, AuthUser>(authz, { development: false });
  const base = t.procedure.use(protect(cls));
  const act = async (ctx: { checkObject: (row: typeof product.$inferSelect) => Promise<void> }) => {
    if (object) await ctx.checkObject({ id: 1, name: 'product 1', ownerId: null });
    return 'done';
  };
  return t.router({
    read: base.query(({ ctx }) => act(ctx)),
    write: base.mutation(({ ctx }) => act(ctx)),
  });
}

/** The error a call fails with: its code and the denial it carries. */
async function refusal(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { code: error.code, message: error.message, denial: denialOf(error) };
  }
  throw new Error('the call passed');
}

describe("a guard's denial as data", () => {
  const change = p.modelPermissions(product, { mutation: 'change' });

  it('names what an anonymous caller would need, on the 401', async () => {
    const router = routerFor(change, source([]));
    expect(await refusal(() => router.createCaller({ user: null }).read())).toEqual({
      code: 'UNAUTHORIZED',
      message: 'authentication required: this query needs shop.view_product',
      denial: { reason: 'not-authenticated', needs: ['shop.view_product'] },
    });
    const inactive = user({ isActive: false, isSuperuser: true });
    expect((await refusal(() => router.createCaller({ user: inactive }).write())).denial).toEqual({
      reason: 'not-authenticated',
      needs: ['shop.change_product'],
    });
  });

  it('names the codenames the user lacks, not those they hold', async () => {
    const router = routerFor(change, source(['shop.view_product']));
    expect(await refusal(() => router.createCaller({ user: user() }).write())).toEqual({
      code: 'FORBIDDEN',
      message: 'permission denied: this mutation needs shop.change_product',
      denial: { reason: 'missing-permission', needs: ['shop.change_product'] },
    });
    // Under `or`, each side's codename the user lacks: any one of them would do.
    const either = routerFor(
      p.or(change, p.permissionRequired('shop.can_publish')),
      source(['shop.view_product']),
    );
    expect((await refusal(() => either.createCaller({ user: user() }).write())).denial).toEqual({
      reason: 'missing-permission',
      needs: ['shop.change_product', 'shop.can_publish'],
    });
  });

  it('says a staff user is needed, with any codename missing beside it', async () => {
    const staffChange = p.and(p.isAdminUser, change);
    const lacking = routerFor(staffChange, source(['shop.view_product']));
    expect((await refusal(() => lacking.createCaller({ user: user() }).write())).denial).toEqual({
      reason: 'not-staff',
      needs: ['shop.change_product'],
    });
    const holding = routerFor(staffChange, source(['shop.change_product']));
    expect((await refusal(() => holding.createCaller({ user: user() }).write())).denial).toEqual({
      reason: 'not-staff',
      needs: [],
    });
    // A staff user who lacks the codename is missing the permission, not the flag.
    expect(
      (await refusal(() => lacking.createCaller({ user: user({ isStaff: true }) }).write())).denial,
    ).toEqual({ reason: 'missing-permission', needs: ['shop.change_product'] });
    // `or` with the staff class: staff is one way among others, so not what was missing.
    const either = routerFor(p.or(p.isAdminUser, change), source([]));
    expect((await refusal(() => either.createCaller({ user: user() }).write())).denial).toEqual({
      reason: 'missing-permission',
      needs: ['shop.change_product'],
    });
  });

  it('tells an object refusal from a model one, and hides an unviewable object without data', async () => {
    const objects = p.objectPermissions(product, { mutation: 'change' });
    const viewer = routerFor(objects, source(['shop.view_product']), true);
    expect(await refusal(() => viewer.createCaller({ user: user() }).write())).toEqual({
      code: 'FORBIDDEN',
      message: 'permission denied: this mutation needs shop.change_product on the object',
      denial: { reason: 'denied-on-object', needs: ['shop.change_product'] },
    });
    // Viewing by an object grant or a role in the object's organization, not model-wide: the view
    // it holds on this object is not missing (the demo's globex-viewer renaming Mug).
    const member = routerFor(objects, source([], ['shop.view_product']), true);
    expect((await refusal(() => member.createCaller({ user: user() }).write())).denial).toEqual({
      reason: 'denied-on-object',
      needs: ['shop.change_product'],
    });
    // NOT_FOUND carries nothing: a missing row's NOT_FOUND has nothing either, so existence does
    // not leak through the data any more than through the code.
    const stranger = routerFor(objects, source([]), true);
    expect(await refusal(() => stranger.createCaller({ user: user() }).write())).toEqual({
      code: 'NOT_FOUND',
      message: 'not found',
      denial: null,
    });
  });

  it("answers a custom class's refusal as refused, with nothing to grant", async () => {
    const weekdays = permissionClass<Codename, true>({
      describe: 'a weekday',
      impliesAuthenticated: true,
      hasPermission: () => false,
    });
    const router = routerFor(weekdays, source([]));
    expect((await refusal(() => router.createCaller({ user: user() }).read())).denial).toEqual({
      reason: 'refused',
      needs: [],
    });
  });

  it('keeps the denial when development mode adds the reason to the message', async () => {
    const protect = createProtect<Codename, AuthUser>(source([]), { development: true });
    const router = t.router({ read: t.procedure.use(protect(change)).query(() => 'done') });
    expect(await refusal(() => router.createCaller({ user: user() }).read())).toEqual({
      code: 'FORBIDDEN',
      message:
        'permission denied: this query needs shop.view_product (no grant of shop.view_product)',
      denial: { reason: 'missing-permission', needs: ['shop.view_product'] },
    });
  });
});

describe('denialFormatter', () => {
  const router = routerFor(p.modelPermissions(product, { mutation: 'change' }), source([]));
  const post = (user: AuthUser | null, path: string) =>
    fetchRequestHandler({
      endpoint: '/trpc',
      router,
      createContext: () => ({ user }),
      req: new Request(`http://localhost/trpc/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    }).then((res) => res.json());

  it("puts the denial in tRPC's error shape, beside the code", async () => {
    expect(await post(user(), 'write')).toMatchObject({
      error: {
        message: 'permission denied: this mutation needs shop.change_product',
        data: {
          code: 'FORBIDDEN',
          httpStatus: 403,
          denial: { reason: 'missing-permission', needs: ['shop.change_product'] },
        },
      },
    });
    expect(await post(null, 'write')).toMatchObject({
      error: { data: { code: 'UNAUTHORIZED', denial: { reason: 'not-authenticated' } } },
    });
  });

  it('gives every other error a null denial', async () => {
    expect(await post(user(), 'nowhere')).toMatchObject({
      error: { data: { code: 'NOT_FOUND', denial: null } },
    });
  });

  it('types data.denial with the codename union, for a typed client', () => {
    type Data = inferRouterError<typeof router>['data'];
    expectTypeOf<Data['denial']>().toEqualTypeOf<Denial<Codename> | null>();
    expectTypeOf<Data['code']>().toEqualTypeOf<TRPCError['code']>();
  });
});
