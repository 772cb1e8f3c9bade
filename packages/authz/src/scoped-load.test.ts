import { initTRPC, TRPCError } from '@trpc/server';
import { describeEachBackend } from '@warden/db/testing';
import { asc, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import {
  organization,
  project,
  type ScopedCodename,
  scopedRegistry,
  setUpScoped,
  task,
} from '../test/scoped-fixture.js';
import { NotFoundError } from './errors.js';
import { within } from './scoped-grants.js';
import { permissionClasses } from './trpc/classes.js';
import { createProtect } from './trpc/middleware.js';
import type { AuthUser } from './types.js';

// A request that acts in a scope row (its active organization): model-level checks count what the
// user holds there, by grants and roles on that row or above it, besides their global grants.

describeEachBackend('acting within a scope row', (t) => {
  let made: Awaited<ReturnType<typeof setUpScoped>>;
  const users: Record<string, AuthUser> = {};
  const as = (name: string): AuthUser => ({
    ...(users[name] ?? { id: -1, isActive: true, isSuperuser: false }),
  });

  beforeAll(async () => {
    made = await setUpScoped(t.db);
    const { grants } = made;
    for (const name of ['ann', 'bob']) {
      const { id } = await grants.createUser({ username: name });
      users[name] = { id, isActive: true, isSuperuser: false };
    }
    await grants.createGroup('Task editors');
    for (const c of ['orgs.add_task', 'orgs.change_task'] as const)
      await grants.grant({ group: { name: 'Task editors' } }, c);
    await grants.createGroup('Readers');
    await grants.grant({ group: { name: 'Readers' } }, 'orgs.view_task');
    await grants.addToGroup({ username: 'ann' }, { name: 'Task editors' }, within(organization, 1));
    await grants.addToGroup({ username: 'ann' }, { name: 'Readers' }, within(organization, 1));
    await grants.addToGroup({ username: 'ann' }, { name: 'Readers' }, within(organization, 3));
    await grants.grant({ user: { username: 'bob' } }, 'orgs.add_task', within(organization, 2));
  });

  it('counts the grants and roles held on the row and above it', async () => {
    const inOne = await made.authz.load(as('ann'), within(organization, 1));
    expect(inOne.has('orgs.add_task')).toBe(true);
    expect(inOne.has('orgs.view_task')).toBe(true);
    // A project of organization 1 is below it: the roles there hold in it too.
    expect((await made.authz.load(as('ann'), within(project, 2))).has('orgs.change_task')).toBe(
      true,
    );
    expect((await made.authz.load(as('ann'), within(organization, 2))).has('orgs.add_task')).toBe(
      false,
    );
    expect((await made.authz.load(as('ann'))).has('orgs.add_task')).toBe(false); // globally: none
    expect((await made.authz.load(as('bob'), within(organization, 2))).has('orgs.add_task')).toBe(
      true,
    );
    await expect(made.authz.load(as('ann'), within(organization, 99))).rejects.toThrow(
      NotFoundError,
    );
  });

  it('lets a superuser act in every row that exists, and in none that does not', async () => {
    const root: AuthUser = { id: users.ann?.id ?? -1, isActive: true, isSuperuser: true };
    expect((await made.authz.load(root, within(organization, 2))).has('orgs.add_task')).toBe(true);
    // Named but missing: the 404 anyone gets, not a create that fails later on its foreign key.
    await expect(made.authz.load(root, within(organization, 99))).rejects.toThrow(NotFoundError);
    await expect(made.authz.load(root, within(project, 99))).rejects.toThrow(NotFoundError);
  });

  it('lists the memberships with their roles, in one statement', async () => {
    expect(await made.authz.memberships(as('ann'))).toEqual([
      {
        scope: 'orgs.organization:1',
        appLabel: 'orgs',
        model: 'organization',
        key: '1',
        roles: ['Readers', 'Task editors'],
      },
      {
        scope: 'orgs.organization:3',
        appLabel: 'orgs',
        model: 'organization',
        key: '3',
        roles: ['Readers'],
      },
    ]);
    expect(await made.authz.memberships(as('bob'))).toEqual([]);
    expect(await made.authz.memberships(null)).toEqual([]);
  });

  it('has a guard answer model-level checks in the context’s scope', async () => {
    const protect = createProtect<ScopedCodename, AuthUser>(made.authz);
    const p = permissionClasses(scopedRegistry);
    const trpc = initTRPC
      .context<{ user: AuthUser | null; scope: ReturnType<typeof within> | null }>()
      .create();
    const router = trpc.router({
      create: trpc.procedure
        .use(protect(p.modelPermissions(task, { mutation: 'add' })))
        .mutation(() => 'created'),
    });
    const create = async (who: string, scope: ReturnType<typeof within> | null) => {
      try {
        return await router.createCaller({ user: as(who), scope }).create();
      } catch (error) {
        if (error instanceof TRPCError) return error.code;
        throw error;
      }
    };
    expect(await create('ann', within(organization, 1))).toBe('created');
    expect(await create('ann', within(organization, 2))).toBe('FORBIDDEN');
    expect(await create('ann', null)).toBe('FORBIDDEN'); // no scope: global grants only
    expect(await create('bob', within(organization, 2))).toBe('created');
  });

  it('has a model-level class that passed on scoped grants owe an object check, held on the row', async () => {
    const protect = createProtect<ScopedCodename, AuthUser>(made.authz, { development: true });
    const p = permissionClasses(scopedRegistry);
    const trpc = initTRPC
      .context<{ user: AuthUser | null; scope: ReturnType<typeof within> | null }>()
      .create();
    const tasks = p.modelPermissions(task, { mutation: 'change' });
    const rowOf = async (id: number) => {
      const [row] = await t.db.select().from(task).where(eq(task.id, id));
      if (row === undefined) throw new Error(`no task ${id}`);
      return row;
    };
    const router = trpc.router({
      // A list that forgets its filter: every task.
      careless: trpc.procedure.use(protect(tasks)).query(async () => t.db.select().from(task)),
      listed: trpc.procedure.use(protect(tasks)).query(async ({ ctx }) =>
        (
          await t.db
            .select({ id: task.id })
            .from(task)
            .where(await ctx.objectsFor('orgs.change_task'))
            .orderBy(asc(task.id))
        ).map((r) => r.id),
      ),
      rename: trpc.procedure
        .use(protect(tasks))
        .input((v) => (typeof v === 'number' ? v : 0))
        .mutation(async ({ ctx, input }) => {
          await ctx.checkObject(await rowOf(input));
          return 'renamed';
        }),
    });
    const acme = { user: as('ann'), scope: within(organization, 1) };
    const code = async (call: () => Promise<unknown>) => {
      try {
        await call();
        return 'OK';
      } catch (error) {
        if (error instanceof TRPCError) return error.code;
        throw error;
      }
    };
    // Holding orgs.change_task within organization 1 is not holding it on every task.
    expect(await code(() => router.createCaller(acme).careless())).toBe('INTERNAL_SERVER_ERROR');
    expect(await router.createCaller(acme).listed()).toEqual([1, 2, 3, 4]);
    expect(await router.createCaller(acme).rename(2)).toBe('renamed');
    expect(await code(() => router.createCaller(acme).rename(5))).toBe('FORBIDDEN');
  });
});
