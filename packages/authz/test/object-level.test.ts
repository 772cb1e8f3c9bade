import { initTRPC, TRPCError } from '@trpc/server';
import { describeEachBackend } from '@warden/db/testing';
import { beforeAll, expect, it } from 'vitest';
import type { Authz } from '../src/authz.js';
import { permissionClasses } from '../src/trpc/classes.js';
import { createProtect } from '../src/trpc/middleware.js';
import type { PermissionClass } from '../src/trpc/permission-class.js';
import type { AuthUser } from '../src/types.js';
import { type Codename, product, registry, setUp } from './fixture.js';

// Object-level classes fail closed: a create under DjangoObjectPermissions needs the global add
// grant (it has no object to check), and a resolver that never ran its object check is refused.

type Ctx = { user: AuthUser | null };
const p = permissionClasses(registry);
const KINDS = [
  'anonymous',
  'plain',
  'staff',
  'superuser',
  'addDirect',
  'addGroup',
  'addObject',
  'viewChangeDelete',
] as const;
type Kind = (typeof KINDS)[number];
const U = 'UNAUTHORIZED';
const F = 'FORBIDDEN';

async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'OK';
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describeEachBackend('object-level classes fail closed', (t) => {
  const users = {} as Record<Kind, AuthUser | null>;
  let authz: Authz<typeof registry.apps, Codename>;
  type Mode = 'development' | 'production';
  const protectWith = (mode: Mode) =>
    createProtect<Codename, AuthUser>(authz, { development: mode === 'development' });

  /** A router whose procedures run no object check: a create, a read, an update. */
  const procedures = (cls: PermissionClass<Codename>, mode: Mode = 'development') => {
    const trpc = initTRPC.context<Ctx>().create();
    const guarded = trpc.procedure.use(protectWith(mode)(cls));
    return trpc.router({
      create: guarded.mutation(() => 'created'),
      read: guarded.query(() => 'read'),
    });
  };

  beforeAll(async () => {
    const made = await setUp(t.db);
    authz = made.authz;
    const { grants } = made;
    const make = async (name: Kind, flags: Partial<AuthUser> = {}) => {
      const { id } = await grants.createUser({ username: name, ...flags });
      users[name] = { id, isActive: true, isSuperuser: false, isStaff: false, ...flags };
    };
    users.anonymous = null;
    await make('plain');
    await make('staff', { isStaff: true });
    await make('superuser', { isSuperuser: true });
    await make('addDirect');
    await make('addGroup');
    await make('addObject');
    await make('viewChangeDelete');
    await grants.grant({ user: { username: 'addDirect' } }, 'shop.add_product');
    await grants.createGroup('adders');
    await grants.grant({ group: { name: 'adders' } }, 'shop.add_product');
    await grants.addToGroup({ username: 'addGroup' }, { name: 'adders' });
    await grants.grant({ user: { username: 'addObject' } }, 'shop.add_product', 1);
    for (const c of ['shop.view_product', 'shop.change_product', 'shop.delete_product'] as const)
      await grants.grant({ user: { username: 'viewChangeDelete' } }, c);
  });

  const createOutcomes = async (cls: PermissionClass<Codename>) => {
    const got: string[] = [];
    for (const kind of KINDS) {
      const user = users[kind];
      got.push(await outcome(() => procedures(cls).createCaller({ user }).create()));
    }
    return got;
  };

  it('asks for the global add grant on a create under objectPermissions', async () => {
    expect(await createOutcomes(p.objectPermissions(product, { mutation: 'add' }))).toEqual([
      U,
      F,
      F,
      'OK',
      'OK',
      'OK',
      F, // an object grant of add_product is no licence to create
      F,
    ]);
  });

  it('keeps that rule inside or(isAdminUser, …): only the admin side lets staff through', async () => {
    const cls = p.or(p.isAdminUser, p.objectPermissions(product, { mutation: 'add' }));
    expect(await createOutcomes(cls)).toEqual([U, F, 'OK', 'OK', 'OK', 'OK', F, F]);
  });

  it('refuses a resolver that never ran its object check, naming the procedure', async () => {
    const cls = p.objectPermissions(product, { mutation: 'change' });
    const caller = procedures(cls).createCaller({ user: users.superuser });
    await expect(caller.read()).rejects.toThrow(
      /procedure 'read' is guarded by an object-level class .* never called ctx.checkObject/,
    );
    const forbidding = procedures(cls, 'production').createCaller({ user: users.superuser });
    expect(await outcome(() => forbidding.read())).toBe(F);
    // Composition keeps the obligation: IsAdminUser | DjangoObjectPermissions still needs the check.
    const either = procedures(p.or(p.isAdminUser, cls)).createCaller({ user: users.staff });
    expect(await outcome(() => either.read())).toBe('INTERNAL_SERVER_ERROR');
  });

  it('says in development why a FORBIDDEN was given, and only there', async () => {
    const cls = p.modelPermissions(product, { mutation: 'add' });
    await expect(procedures(cls).createCaller({ user: users.plain }).create()).rejects.toThrow(
      'permission denied: this mutation needs shop.add_product (no grant of shop.add_product: not to the user, nor to any of their groups)',
    );
    await expect(
      procedures(cls, 'production').createCaller({ user: users.plain }).create(),
    ).rejects.toThrow(/^permission denied: this mutation needs shop.add_product$/);
  });

  it('counts an objectsFor filter, or a checkObject call, as the object check', async () => {
    const trpc = initTRPC.context<Ctx>().create();
    const guarded = trpc.procedure.use(
      protectWith('development')(p.objectPermissions(product, { mutation: 'change' })),
    );
    const router = trpc.router({
      list: guarded.query(async ({ ctx }) => {
        await ctx.objectsFor('shop.view_product');
        return 'listed';
      }),
      get: guarded.query(async ({ ctx }) => {
        await ctx.checkObject({ id: 1, name: 'product 1', ownerId: null });
        return 'got';
      }),
    });
    const caller = router.createCaller({ user: users.viewChangeDelete });
    expect(await caller.list()).toBe('listed');
    expect(await caller.get()).toBe('got');
  });

  it('answers FORBIDDEN, not NOT_FOUND, under DRF’s read option (every object is readable)', async () => {
    const trpc = initTRPC.context<Ctx>().create();
    const cls = p.objectPermissions(product, { mutation: 'change', query: 'nothing' });
    const guarded = trpc.procedure.use(protectWith('development')(cls));
    const router = trpc.router({
      // Under the read option a query passes every object, so it owes no object check.
      read: guarded.query(() => 'read'),
      update: guarded.mutation(async ({ ctx }) => {
        await ctx.checkObject({ id: 1, name: 'product 1', ownerId: null });
        return 'updated';
      }),
    });
    const plain = router.createCaller({ user: users.plain });
    expect(await plain.read()).toBe('read');
    expect(await outcome(() => plain.update())).toBe(F);
    expect(await router.createCaller({ user: users.viewChangeDelete }).update()).toBe('updated');
  });
});
