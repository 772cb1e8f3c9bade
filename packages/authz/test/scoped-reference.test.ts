import { describeEachBackend } from '@warden/db/testing';
import { and, asc, gt, type SQL } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { within } from '../src/scoped-grants.js';
import type { AnyPgDatabase, AuthUser } from '../src/types.js';
import { organization, project, setUpScoped, task } from './scoped-fixture.js';
import {
  ACTIONS,
  CODENAMES,
  codenameOf,
  holds,
  holdsWithin,
  keysOf,
  MODELS,
  type Model,
  modelOf,
  reasonOf,
  visibleKeys,
  type World,
} from './scoped-reference.js';
import { worlds, writeWorld } from './scoped-worlds.js';

// Scoped resolution against the reference evaluator (test/scoped-reference.ts): fast-check draws
// worlds of organizations, projects and tasks with users, groups, roles and grants of every reach,
// writes each through the grants API, and every user × codename × row must get the reference's
// answer from hasPerm, hasPerms, explain (allowed, reason, scope), objectsFor (the visible ids,
// whole and one keyset page) and load within each scope row (model level in an active scope).
// `SCOPED_RUNS=200 SCOPED_SEED=… pnpm --filter @warden/authz test test/scoped-reference.test.ts`
// runs longer, or replays the seed fast-check prints on a failure.

const RUNS = Number(process.env.SCOPED_RUNS ?? 15);
const SEED = Number(process.env.SCOPED_SEED ?? Date.now() % 1_000_000);
type Scoped = Awaited<ReturnType<typeof setUpScoped>>;
/** A key no table has: only superusers and global grants reach it. */
const MISSING = 99;

/** The ids of `model`'s rows under `where`, ascending; with a page, that keyset page only. */
async function idsWhere(
  db: AnyPgDatabase,
  model: Model,
  where: SQL,
  page?: { after: number; limit: number },
): Promise<number[]> {
  const table = model === 'organization' ? organization : model === 'project' ? project : task;
  const query = db
    .select({ id: table.id })
    .from(table)
    .where(page === undefined ? where : and(where, gt(table.id, page.after)))
    .orderBy(asc(table.id));
  const rows = page === undefined ? await query : await query.limit(page.limit);
  return rows.map((r) => r.id);
}

/** Every disagreement between the library and the reference in `world`, as readable lines. */
async function disagreements(
  db: AnyPgDatabase,
  authz: Scoped['authz'],
  world: World,
  users: readonly AuthUser[],
  page: { after: number; limit: number },
): Promise<string[]> {
  const found: string[] = [];
  // Compared as JSON (key order included), so each disagreement reads as one line.
  const agree = (what: string, got: unknown, want: unknown) => {
    if (JSON.stringify(got) !== JSON.stringify(want))
      found.push(`${what}: got ${JSON.stringify(got)}, reference ${JSON.stringify(want)}`);
  };
  // Anonymous first, then each user by index (as one request would hold it: one object).
  const callers: Array<[index: number | null, user: AuthUser | null]> = [
    [null, null],
    ...users.map((user, i): [number, AuthUser] => [i, user]),
  ];
  for (const [index, user] of callers) {
    const who = index === null ? 'anonymous' : `u${index}`;
    for (const codename of CODENAMES) {
      const model = modelOf(codename);
      agree(
        `hasPerm(${who}, ${codename})`,
        await authz.hasPerm(user, codename),
        holds(world, index, codename),
      );
      for (const key of [...keysOf(world, model), MISSING]) {
        const want = holds(world, index, codename, key);
        const at = `(${who}, ${codename}, ${key})`;
        agree(`hasPerm${at}`, await authz.hasPerm(user, codename, key), want);
        const { allowed, reason, ...rest } = await authz.explain(user, codename, key);
        const scope = 'scope' in rest ? rest.scope : undefined;
        const expected = reasonOf(world, index, codename, key);
        agree(
          `explain${at}`,
          { allowed, reason, scope },
          { allowed: want, reason: expected.reason, scope: expected.scope },
        );
      }
      const where = await authz.objectsFor(user, codename, undefined);
      agree(
        `objectsFor(${who}, ${codename})`,
        await idsWhere(db, model, where),
        visibleKeys(world, index, codename),
      );
      const paged = await authz.objectsFor(user, codename, undefined, page);
      const pageWant = visibleKeys(world, index, codename)
        .filter((key) => key > page.after)
        .slice(0, page.limit);
      agree(
        `objectsFor(${who}, ${codename}, ${JSON.stringify(page)})`,
        await idsWhere(db, model, paged, page),
        pageWant,
      );
    }
    // load within each scope row (a request's active organization or project): model level there.
    for (const model of ['organization', 'project'] as const)
      for (const key of keysOf(world, model)) {
        const loaded = await authz.load(
          user,
          within(model === 'organization' ? organization : project, key),
        );
        for (const codename of CODENAMES)
          agree(
            `load(${who}, within ${model} ${key}).has(${codename})`,
            loaded.has(codename),
            holdsWithin(world, index, codename, { model, key }),
          );
      }
    // hasPerms: both actions of a model, at model level and on each row.
    for (const model of MODELS) {
      const both = ACTIONS.map((action) => codenameOf(action, model));
      for (const key of [undefined, ...keysOf(world, model)]) {
        const want = both.every((codename) => holds(world, index, codename, key));
        agree(
          `hasPerms(${who}, ${both.join('+')}, ${key})`,
          await authz.hasPerms(user, both, key),
          want,
        );
      }
    }
  }
  return found;
}

describeEachBackend('scoped resolution agrees with the reference evaluator', (t) => {
  let made: Scoped;
  beforeAll(async () => {
    made = await setUpScoped(t.db);
  });

  it('on random worlds of organizations, projects, tasks, roles and grants', async () => {
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(
        worlds,
        fc.record({ after: fc.integer({ min: 0, max: 4 }), limit: fc.integer({ min: 1, max: 3 }) }),
        async (world, page) => {
          const users = await writeWorld(t.db, made.grants, world);
          expect(await disagreements(t.db, made.authz, world, users, page)).toEqual([]);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
    console.log(
      `${RUNS} worlds on ${t.backend} in ${Math.round(performance.now() - started)} ms (seed ${SEED})`,
    );
  }, 600_000);
});

it('has a reference whose reasons agree with its answers', () => {
  // explain's reference is written apart from `holds`: a slip in one shows here, without a database.
  fc.assert(
    fc.property(worlds, (world) => {
      for (const index of [null, ...world.users.map((_, i) => i)])
        for (const codename of CODENAMES)
          for (const key of [undefined, ...keysOf(world, modelOf(codename)), MISSING]) {
            const { reason } = reasonOf(world, index, codename, key);
            const allowed = !['anonymous', 'inactive', 'none'].includes(reason);
            expect(allowed).toBe(holds(world, index, codename, key));
          }
    }),
    { numRuns: 200, seed: SEED },
  );
});
