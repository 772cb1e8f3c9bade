import { initTRPC, TRPCError } from '@trpc/server';
import { describeEachBackend } from '@warden/db/testing';
import { eq, gt } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Within } from '../src/scoped-grants.js';
import { within } from '../src/scoped-grants.js';
import { createProtect } from '../src/trpc/middleware.js';
import type { AnyPgDatabase, AuthUser } from '../src/types.js';
import {
  agrees,
  cell,
  deviationsOf,
  type MatrixEntry,
  OPERATIONS,
  type Outcome,
  outcome,
  type Row,
} from './drf-matrix.js';
import { DRF_USERS, drfAnswer } from './drf-model.js';
import { organization, project, type ScopedCodename, setUpScoped, task } from './scoped-fixture.js';
import {
  ACTING_IN,
  SCOPED_MATRIX,
  SCOPED_USER_KINDS,
  type ScopedUserKind,
  TASK_EDITOR,
} from './scoped-matrix.js';

// Runs test/scoped-matrix.ts: each class × the five operations on task 1 (project 1, organization
// 1) × each kind of scoped user, as test/drf-matrix.test.ts does for products, with the request's
// active scope in the context (`scope`) where the kind acts in one.

type Ctx = { user: AuthUser | null; scope?: Within };
type Protect = ReturnType<typeof createProtect<ScopedCodename, AuthUser>>;
type Entry = MatrixEntry<ScopedUserKind, ScopedCodename>;

const UPDATED = 'task 1, updated';
const TASKS = 12;

async function taskOr404(db: AnyPgDatabase, id: number) {
  const [row] = await db.select().from(task).where(eq(task.id, id));
  if (row === undefined) throw new TRPCError({ code: 'NOT_FOUND', message: 'not found' });
  return row;
}

/** The five procedures of one entry on `orgs_task`; a create adds task 13 to project 1. */
function procedures(db: AnyPgDatabase, protect: Protect, entry: Entry) {
  const t = initTRPC.context<Ctx>().create();
  const guarded = (mutation: 'add' | 'change' | 'delete') =>
    t.procedure.use(protect(entry.make(mutation)));
  return t.router({
    list: guarded('change').query(async ({ ctx }) => {
      const where = entry.listFilters ? await ctx.objectsFor('orgs.view_task') : undefined;
      return (await db.select().from(task).where(where)).length;
    }),
    get: guarded('change').query(async ({ ctx }) => {
      const row = await taskOr404(db, 1);
      await ctx.checkObject(row);
      return row;
    }),
    create: guarded('add').mutation(async () => {
      const [row] = await db
        .insert(task)
        .values({ id: TASKS + 1, projectId: 1 })
        .returning();
      return row;
    }),
    update: guarded('change').mutation(async ({ ctx }) => {
      const row = await taskOr404(db, 1);
      await ctx.checkObject(row);
      await db.update(task).set({ title: UPDATED }).where(eq(task.id, row.id));
      return row;
    }),
    delete: guarded('delete').mutation(async ({ ctx }) => {
      const row = await taskOr404(db, 1);
      await ctx.checkObject(row);
      await db.delete(task).where(eq(task.id, row.id));
      return row;
    }),
  });
}

describeEachBackend('the scoped matrix: classes × operations × scoped users', (t) => {
  let protect: Protect;
  const users = new Map<ScopedUserKind, AuthUser>();

  beforeAll(async () => {
    const { authz, grants } = await setUpScoped(t.db);
    // As in production: a resolver that owed an object check and ran none is FORBIDDEN.
    protect = createProtect<ScopedCodename, AuthUser>(authz, { development: false });
    for (const kind of SCOPED_USER_KINDS) {
      const { id } = await grants.createUser({ username: kind });
      users.set(kind, { id, isActive: true, isSuperuser: false });
    }
    await grants.createGroup('Task editors');
    for (const codename of TASK_EDITOR)
      await grants.grant({ group: { name: 'Task editors' } }, codename);
    for (const [kind, org] of [
      ['member', 1],
      ['member-acting', 1],
      ['other-member', 2],
    ] as const)
      await grants.addToGroup(
        { username: kind },
        { name: 'Task editors' },
        within(organization, org),
      );
    for (const codename of ['orgs.view_task', 'orgs.change_task'] as const)
      await grants.grant({ user: { username: 'project-grant' } }, codename, within(project, 1));
    await grants.createGroup('Org 1 viewers');
    await grants.grant(
      { group: { name: 'Org 1 viewers' } },
      'orgs.view_task',
      within(organization, 1),
    );
    await grants.addToGroup({ username: 'group-within' }, { name: 'Org 1 viewers' });
  });

  /** Undo a user's writes for the next: task 13, task 1's title, task 1 itself. */
  const restore = async () => {
    await t.db.delete(task).where(gt(task.id, TASKS));
    await t.db.update(task).set({ title: null }).where(eq(task.id, 1));
    await t.db.insert(task).values({ id: 1, projectId: 1 }).onConflictDoNothing();
  };
  const taskRow = async (id: number) => (await t.db.select().from(task).where(eq(task.id, id)))[0];

  for (const entry of SCOPED_MATRIX) {
    it(`${entry.drf} on tasks: ${OPERATIONS.join(', ')}`, async () => {
      const router = procedures(t.db, protect, entry);
      const got: Partial<Record<ScopedUserKind, Row<Outcome>>> = {};
      // As in the DRF matrix: a refused call left the table as it was, and an OK one wrote.
      const stray: string[] = [];
      for (const kind of SCOPED_USER_KINDS) {
        const scope = ACTING_IN[kind];
        const caller = router.createCaller({
          user: users.get(kind) ?? null,
          ...(scope && { scope }),
        });
        try {
          const list = await outcome(() => caller.list());
          const get = await outcome(() => caller.get());
          const create = await outcome(() => caller.create());
          if ((create === 'OK') !== ((await taskRow(TASKS + 1)) !== undefined))
            stray.push(`${kind} create`);
          const update = await outcome(() => caller.update());
          if ((update === 'OK') !== ((await taskRow(1))?.title === UPDATED))
            stray.push(`${kind} update`);
          const del = await outcome(() => caller.delete());
          if ((del === 'OK') !== ((await taskRow(1)) === undefined)) stray.push(`${kind} delete`);
          got[kind] = [list, get, create, update, del];
        } finally {
          await restore();
        }
      }
      expect({ outcomes: got, stray }).toEqual({ outcomes: entry.outcomes, stray: [] });
    });
  }
});

describe('the scoped matrix’s data', () => {
  const cells = SCOPED_MATRIX.flatMap((entry) =>
    SCOPED_USER_KINDS.flatMap((user) =>
      OPERATIONS.map((operation) => ({ entry, user, operation })),
    ),
  );

  it('explains every difference from DRF, and only differences', () => {
    const wrong = cells
      .filter(({ entry, user, operation }) => {
        const same = agrees(
          cell(entry.outcomes[user], operation),
          cell(entry.drfAnswers[user], operation),
        );
        return same === deviationsOf(entry, user, operation).length > 0;
      })
      .map(({ entry, user, operation }) => `${entry.drf} / ${user} / ${operation}`);
    expect(wrong).toEqual([]);
  });

  it("gives DRF's answers for a user without grants (DRF has no scopes), 12 tasks", () => {
    const wrong = cells
      .filter(
        ({ entry, user, operation }) =>
          cell(entry.drfAnswers[user], operation) !==
          drfAnswer(entry.drfClass, DRF_USERS.plain, operation, TASKS),
      )
      .map(({ entry, user, operation }) => `${entry.drf} / ${user} / ${operation}`);
    expect(wrong).toEqual([]);
  });

  it('filters lists exactly for the classes that owe an object check on queries', () => {
    for (const entry of SCOPED_MATRIX)
      expect([entry.drf, entry.listFilters]).toEqual([
        entry.drf,
        entry.make('change').objectLevel('query'),
      ]);
  });
});
