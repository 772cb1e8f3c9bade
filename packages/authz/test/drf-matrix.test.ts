import { initTRPC, TRPCError } from '@trpc/server';
import { describeEachBackend } from '@warden/db/testing';
import { eq, gt } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { userObjectPermission } from '../src/schema.js';
import { createProtect } from '../src/trpc/middleware.js';
import type { AnyPgDatabase, AuthUser } from '../src/types.js';
import {
  agrees,
  cell,
  deviationsOf,
  MATRIX,
  type MatrixEntry,
  OPERATIONS,
  type Operation,
  type Outcome,
  outcome,
  type Row,
  USER_KINDS,
  type UserKind,
} from './drf-matrix.js';
import { DRF_USERS, drfAnswer } from './drf-model.js';
import { type Codename, product, setUp } from './fixture.js';

// Runs every class of test/drf-matrix.ts for every operation and kind of user, the way the docs tell
// an adopter to write the procedure, and compares with the table that docs/drf-parity.md shows.

type Ctx = { user: AuthUser | null };
type Protect = ReturnType<typeof createProtect<Codename, AuthUser>>;

async function productOr404(db: AnyPgDatabase, id: number) {
  const [row] = await db.select().from(product).where(eq(product.id, id));
  if (row === undefined) throw new TRPCError({ code: 'NOT_FOUND', message: 'not found' });
  return row;
}

const UPDATED = 'product 1, updated';

/** The five procedures of one matrix entry, on the fixture's `shop_product`. */
function procedures(db: AnyPgDatabase, protect: Protect, entry: MatrixEntry) {
  const t = initTRPC.context<Ctx>().create();
  const guarded = (mutation: 'add' | 'change' | 'delete') =>
    t.procedure.use(protect(entry.make(mutation)));
  return t.router({
    list: guarded('change').query(async ({ ctx }) => {
      const where = entry.listFilters ? await ctx.objectsFor('shop.view_product') : undefined;
      const rows = await db.select().from(product).where(where);
      return rows.length;
    }),
    get: guarded('change').query(async ({ ctx }) => {
      const row = await productOr404(db, 1);
      await ctx.checkObject(row);
      return row;
    }),
    create: guarded('add').mutation(async () => {
      const [row] = await db.insert(product).values({ id: 31, name: 'product 31' }).returning();
      return row;
    }),
    update: guarded('change').mutation(async ({ ctx }) => {
      const row = await productOr404(db, 1);
      await ctx.checkObject(row);
      const [updated] = await db
        .update(product)
        .set({ name: UPDATED })
        .where(eq(product.id, row.id))
        .returning();
      return updated;
    }),
    delete: guarded('delete').mutation(async ({ ctx }) => {
      const row = await productOr404(db, 1);
      await ctx.checkObject(row);
      await db.delete(product).where(eq(product.id, row.id));
      return row;
    }),
  });
}

describeEachBackend('the DRF matrix: every class × operation × kind of user', (t) => {
  let protect: Protect;
  let objectGrants: Array<typeof userObjectPermission.$inferInsert> = [];
  const users = new Map<UserKind, AuthUser | null>();
  const userOf = (kind: UserKind) => {
    const user = users.get(kind);
    if (user === undefined) throw new Error(`no ${kind} user`);
    return user;
  };

  beforeAll(async () => {
    const { authz, grants } = await setUp(t.db);
    protect = createProtect<Codename, AuthUser>(authz);
    const make = async (kind: UserKind, flags: Partial<AuthUser> = {}) => {
      const { id } = await grants.createUser({ username: kind, ...flags });
      users.set(kind, { id, isActive: true, isSuperuser: false, isStaff: false, ...flags });
    };
    users.set('anonymous', null);
    await make('inactive', { isActive: false, isStaff: true });
    await make('plain');
    await make('staff', { isStaff: true });
    await make('superuser', { isSuperuser: true, isStaff: true });
    await make('model-grant');
    await make('group-grant');
    await make('object-grant');
    await make('object-viewer');
    const five = [
      'shop.view_product',
      'shop.add_product',
      'shop.change_product',
      'shop.delete_product',
      'shop.can_publish',
    ] as const;
    await grants.createGroup('editors');
    for (const codename of five) {
      await grants.grant({ user: { username: 'model-grant' } }, codename);
      await grants.grant({ user: { username: 'inactive' } }, codename);
      await grants.grant({ group: { name: 'editors' } }, codename);
      await grants.grant({ user: { username: 'object-grant' } }, codename, 1);
    }
    await grants.addToGroup({ username: 'group-grant' }, { name: 'editors' });
    await grants.grant({ user: { username: 'object-viewer' } }, 'shop.view_product', 1);
    objectGrants = await t.db
      .select({
        userId: userObjectPermission.userId,
        permissionId: userObjectPermission.permissionId,
        objectPk: userObjectPermission.objectPk,
      })
      .from(userObjectPermission);
  });

  /**
   * Undo a user's writes for the next user: the create's row 31, the update's name, and a delete of
   * product 1, which took product 1's object grants with it (sync's cleanup trigger), so they are
   * put back too.
   */
  const restore = async () => {
    await t.db.delete(product).where(gt(product.id, 30));
    await t.db.update(product).set({ name: 'product 1' }).where(eq(product.id, 1));
    const back = await t.db
      .insert(product)
      .values({ id: 1, name: 'product 1' })
      .onConflictDoNothing()
      .returning();
    if (back.length > 0)
      await t.db.insert(userObjectPermission).values(objectGrants).onConflictDoNothing();
  };

  const nameOf = async (id: number) => {
    const [row] = await t.db.select().from(product).where(eq(product.id, id));
    return row?.name;
  };

  for (const entry of MATRIX) {
    it(`${entry.drf}: ${OPERATIONS.join(', ')}`, async () => {
      const router = procedures(t.db, protect, entry);
      const got: Partial<Record<UserKind, Row<Outcome>>> = {};
      // A refusal must come before the write: a call that failed must leave the table as it was,
      // and one that passed must have written (an error after the resolver would hide a write).
      const stray: string[] = [];
      for (const kind of USER_KINDS) {
        const caller = router.createCaller({ user: userOf(kind) });
        try {
          const list = await outcome(() => caller.list());
          const get = await outcome(() => caller.get());
          const create = await outcome(() => caller.create());
          if ((create === 'OK') !== ((await nameOf(31)) !== undefined))
            stray.push(`${kind} create`);
          const update = await outcome(() => caller.update());
          if ((update === 'OK') !== ((await nameOf(1)) === UPDATED)) stray.push(`${kind} update`);
          const del = await outcome(() => caller.delete());
          if ((del === 'OK') !== ((await nameOf(1)) === undefined)) stray.push(`${kind} delete`);
          got[kind] = [list, get, create, update, del];
        } finally {
          await restore();
        }
      }
      expect({ outcomes: got, stray }).toEqual({ outcomes: entry.outcomes, stray: [] });
    });
  }
});

describe('the DRF matrix’s data', () => {
  const cells = MATRIX.flatMap((entry) =>
    USER_KINDS.flatMap((user) =>
      OPERATIONS.map((operation: Operation) => ({ entry, user, operation })),
    ),
  );

  it('explains every difference from DRF, and only differences', () => {
    const unexplained: string[] = [];
    const needless: string[] = [];
    for (const { entry, user, operation } of cells) {
      const same = agrees(
        cell(entry.outcomes[user], operation),
        cell(entry.drfAnswers[user], operation),
      );
      const why = deviationsOf(entry, user, operation);
      const where = `${entry.drf} / ${user} / ${operation}`;
      if (!same && why.length === 0) unexplained.push(where);
      if (same && why.length > 0) needless.push(where);
    }
    expect({ unexplained, needless }).toEqual({ unexplained: [], needless: [] });
  });

  it('gives the answers a model of DRF 3.14 + guardian derives (test/drf-model.ts)', () => {
    const wrong = cells
      .map(({ entry, user, operation }) => ({
        where: `${entry.drf} / ${user} / ${operation}`,
        table: cell(entry.drfAnswers[user], operation),
        model: drfAnswer(entry.drfClass, DRF_USERS[user], operation),
      }))
      .filter(({ table, model }) => table !== model);
    expect(wrong).toEqual([]);
  });

  it('lists deviations only for users and operations that exist', () => {
    const kinds: readonly string[] = USER_KINDS;
    const operations: readonly string[] = OPERATIONS;
    for (const entry of MATRIX)
      for (const [user, byOperation] of Object.entries(entry.deviations)) {
        expect(kinds).toContain(user);
        for (const operation of Object.keys(byOperation ?? {}))
          expect(operations).toContain(operation);
      }
  });

  it('filters lists exactly for the classes that owe an object check on queries', () => {
    // Otherwise the fail-closed guard refuses the list (a forgotten filter), or the list hides rows
    // that `get` shows (a needless one).
    for (const entry of MATRIX)
      expect([entry.drf, entry.listFilters]).toEqual([
        entry.drf,
        entry.make('change').objectLevel('query'),
      ]);
  });
});
