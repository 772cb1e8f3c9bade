import { initTRPC, TRPCError } from '@trpc/server';
import { describeEachBackend } from '@warden/db/testing';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { WrongModelError } from '../src/errors.js';
import { user } from '../src/schema.js';
import { permissionClasses } from '../src/trpc/classes.js';
import { createProtect } from '../src/trpc/middleware.js';
import { permissionClass } from '../src/trpc/permission-class.js';
import type { AuthUser } from '../src/types.js';
import { type Codename, product, registry, setUp } from './fixture.js';

// An object names its table by being a whole row of it (`db.select().from(table)`), or by being a
// key under a class that knows the table. Before, a joined row (one field more) made every refusal
// a 500, found only on the branch that read it (the owner passed without it), and a partial row
// `{ id: 2 }` of products was answered about question 2. Now both fail to compile, and from untyped
// code the row is checked against the class's tables before any hook runs, on every branch.

type Ctx = { user: AuthUser | null };
type ProductRow = typeof product.$inferSelect;
const p = permissionClasses(registry);

/** A careless parser: whatever comes in is "a product row". */
function believedRow(value: unknown): ProductRow {
  if (!believed(value)) throw new Error('unreachable');
  return value;
}
const believed = (_value: unknown): _value is ProductRow => true;

async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'OK';
  } catch (error) {
    if (error instanceof TRPCError)
      return error.cause instanceof WrongModelError ? 'WRONG_MODEL' : error.code;
    if (error instanceof WrongModelError) return 'WRONG_MODEL';
    throw error;
  }
}

describeEachBackend('objects typed by their table', (t) => {
  const users = new Map<'owner' | 'other', AuthUser>();
  let router: ReturnType<typeof makeRouter>;
  let row: ProductRow;

  function makeRouter(protect: ReturnType<typeof createProtect<Codename, AuthUser>>) {
    const trpc = initTRPC.context<Ctx>().create();
    const ownerOrGrant = trpc.procedure.use(
      protect(p.or(p.isOwner(product), p.objectPermissions(product, { mutation: 'change' }))),
    );
    return trpc.router({
      // What untyped code can still hand the check: here through a parser that believes anything
      // is a product row, as a careless one would.
      check: ownerOrGrant.input(believedRow).mutation(async ({ ctx, input }) => {
        await ctx.checkObject(input);
        return 'OK';
      }),
    });
  }

  beforeAll(async () => {
    const { authz, grants } = await setUp(t.db);
    for (const name of ['owner', 'other'] as const) {
      const { id } = await grants.createUser({ username: name });
      users.set(name, { id, isActive: true, isSuperuser: false });
    }
    const owner = users.get('owner')?.id ?? -1;
    await t.db.execute(sql`update shop_product set owner_id = ${owner} where id = 4`);
    const [selected] = await t.db.select().from(product).where(sql`id = 4`);
    if (selected === undefined) throw new Error('no product 4');
    row = selected;
    router = makeRouter(createProtect<Codename, AuthUser>(authz));
  });

  it('passes a whole row, as selected, to every branch', async () => {
    const call = (who: 'owner' | 'other', input: unknown) =>
      outcome(() =>
        router.createCaller({ user: users.get(who) ?? null }).check(believedRow(input)),
      );
    expect(await call('owner', row)).toBe('OK');
    expect(await call('other', row)).toBe('NOT_FOUND'); // may not even view it
    // A joined row, a partial one, another table's: refused before any hook, for the owner too.
    const joined = { ...row, ownerName: 'owner' };
    const partial = { id: row.id };
    const [aUser] = await t.db.select().from(user).limit(1);
    for (const wrong of [joined, partial, aUser]) {
      expect(await call('owner', wrong)).toBe('WRONG_MODEL');
      expect(await call('other', wrong)).toBe('WRONG_MODEL');
    }
  });

  it('types what checkObject takes by the guard’s table', () => {
    const protect = createProtect<Codename, AuthUser>({
      load: async () => ({
        user: null,
        has: () => false,
        hasGlobally: () => false,
        hasAll: () => false,
        all: () => new Set(),
      }),
      hasPermOn: async () => false,
      objectsFor: async () => sql`false`,
      explain: async () => ({ message: '' }),
    });
    const trpc = initTRPC.context<Ctx>().create();
    const guarded = trpc.procedure.use(
      protect(p.objectPermissions(product, { mutation: 'change' })),
    );
    const custom = permissionClass<Codename, false, typeof product>({
      describe: 'an even product',
      table: product,
      hasObjectPermission: (_req, r) => r.id % 2 === 0, // `r` is a product row
    });
    const byCustom = trpc.procedure.use(protect(custom));
    const compileOnly = () => {
      guarded.mutation(async ({ ctx }) => {
        await ctx.checkObject(row);
        await ctx.checkObject(4); // its key, under a class that knows the table
        // @ts-expect-error: a joined row (a field the table has not)
        await ctx.checkObject({ ...row, ownerName: 'x' });
        // @ts-expect-error: a partial row
        await ctx.checkObject({ id: 2 });
      });
      byCustom.mutation(async ({ ctx }) => {
        await ctx.checkObject(row);
        // @ts-expect-error: the custom class reads rows: a key is none
        await ctx.checkObject(4);
      });
    };
    expect(compileOnly).toBeTypeOf('function');
  });
});
