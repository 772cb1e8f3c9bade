import { type Apps, type Codename, registry, seedDemo } from '@warden/api';
import { createGrants, type Grants } from '@warden/authz';
import {
  auditLog,
  contentType,
  group,
  groupObjectPermission,
  groupPermission,
  permission,
  user,
  userGroup,
  userObjectPermission,
  userPermission,
} from '@warden/authz/schema';
import { createDb, type Database, type DbHandle, executeRows } from '@warden/db';
import { describeEachBackend } from '@warden/db/testing';
import { count, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';

// Issue 11: grant, revoke and group-membership changes from many clients at once end consistent:
// no lost update, no duplicate row, one audit record per change that happened. fast-check draws
// batches of changes; each batch runs concurrently through several clients of the grants API (on
// Postgres each client has its own connection pool, as separate server processes would), and after
// it the database must equal a model of the expected state. Within a batch a key (a holder and a
// codename, or a membership) gets one kind of change, possibly several times at once: the order of
// concurrent grant-and-revoke is not defined, the result of concurrent duplicates is.
const USERS = ['u0', 'u1', 'u2', 'u3'] as const;
const GROUPS = ['g0', 'g1', 'g2'] as const;
const CODENAMES = [
  'polls.view_question',
  'polls.add_question',
  'shop.view_product',
  'shop.change_product',
] as const satisfies readonly Codename[];

type Change =
  | {
      kind: 'grant' | 'revoke';
      holder: { user: string } | { group: string };
      codename: (typeof CODENAMES)[number];
      object: number | undefined;
    }
  | { kind: 'add' | 'remove'; user: string; group: string };

/** The model's name for what a change touches: the same string the database state is read as. */
function keyOf(change: Change): string {
  if (!('holder' in change)) return `member ${change.user} ${change.group}`;
  const holder = 'user' in change.holder ? change.holder.user : change.holder.group;
  return `${holder} ${change.codename}${change.object === undefined ? '' : `#${change.object}`}`;
}

const changeArb: fc.Arbitrary<Change> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('grant' as const, 'revoke' as const),
    holder: fc.oneof(
      fc.constantFrom(...USERS).map((u) => ({ user: u })),
      fc.constantFrom(...GROUPS).map((g) => ({ group: g })),
    ),
    codename: fc.constantFrom(...CODENAMES),
    object: fc.constantFrom(undefined, 1, 2),
  }),
  fc.record({
    kind: fc.constantFrom('add' as const, 'remove' as const),
    user: fc.constantFrom(...USERS),
    group: fc.constantFrom(...GROUPS),
  }),
);

/** One kind of change per key in a batch; repeats of it stay (they race each other). */
const batchArb = fc.array(changeArb, { minLength: 1, maxLength: 24 }).map((changes) => {
  const kinds = new Map<string, Change['kind']>();
  return changes.filter((c) => {
    const kind = kinds.get(keyOf(c)) ?? c.kind;
    kinds.set(keyOf(c), kind);
    return kind === c.kind;
  });
});

/**
 * Every grant and membership row of the test's users and groups, one string per row, sorted. One
 * `union all`, so a duplicated row shows up twice.
 */
async function readState(db: Database): Promise<string[]> {
  const codename = sql`${contentType.appLabel} || '.' || ${permission.codename}`;
  const rows = await executeRows<{ row: string }>(
    db,
    sql`select ${user.username} || ' ' || ${codename} as row from ${userPermission}
          join ${user} on ${user.id} = ${userPermission.userId}
          join ${permission} on ${permission.id} = ${userPermission.permissionId}
          join ${contentType} on ${contentType.id} = ${permission.contentTypeId}
        union all
        select ${group.name} || ' ' || ${codename} from ${groupPermission}
          join ${group} on ${group.id} = ${groupPermission.groupId}
          join ${permission} on ${permission.id} = ${groupPermission.permissionId}
          join ${contentType} on ${contentType.id} = ${permission.contentTypeId}
        union all
        select ${user.username} || ' ' || ${codename} || '#' || ${userObjectPermission.objectPk}
          from ${userObjectPermission}
          join ${user} on ${user.id} = ${userObjectPermission.userId}
          join ${permission} on ${permission.id} = ${userObjectPermission.permissionId}
          join ${contentType} on ${contentType.id} = ${permission.contentTypeId}
        union all
        select ${group.name} || ' ' || ${codename} || '#' || ${groupObjectPermission.objectPk}
          from ${groupObjectPermission}
          join ${group} on ${group.id} = ${groupObjectPermission.groupId}
          join ${permission} on ${permission.id} = ${groupObjectPermission.permissionId}
          join ${contentType} on ${contentType.id} = ${permission.contentTypeId}
        union all
        select 'member ' || ${user.username} || ' ' || ${group.name} from ${userGroup}
          join ${user} on ${user.id} = ${userGroup.userId}
          join ${group} on ${group.id} = ${userGroup.groupId}`,
  );
  // The demo data's own users and groups are not the test's.
  const ours = new RegExp(`^(member )?(${[...USERS, ...GROUPS].join('|')}) `);
  return rows
    .map((r) => r.row)
    .filter((row) => ours.test(row))
    .sort();
}

async function auditCount(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(auditLog);
  return row?.n ?? 0;
}

describeEachBackend('concurrent grant changes', (t) => {
  const pools: DbHandle[] = [];
  let clients: Array<Grants<Apps, Codename>> = [];
  const ids = new Map<string, number>();

  beforeAll(async () => {
    await seedDemo(t.db); // permissions synced, and products 1 and 2 to hold object grants
    const operator = createGrants({ db: t.db, registry });
    for (const username of USERS) ids.set(username, (await operator.createUser({ username })).id);
    for (const name of GROUPS) ids.set(name, (await operator.createGroup(name)).id);
    if (t.url !== undefined) {
      for (let i = 0; i < 4; i++) {
        pools.push(await createDb({ schema: {}, connection: { url: t.url, poolMax: 3 } }));
      }
    }
    clients = (pools.length > 0 ? pools.map((p) => p.db) : [t.db]).map((db) =>
      createGrants({ db, registry }),
    );
  });
  afterAll(async () => {
    for (const pool of pools) await pool.close();
  });

  const id = (name: string) => {
    const found = ids.get(name);
    if (found === undefined) throw new Error(`no ${name}`);
    return found;
  };

  const apply = (client: (typeof clients)[number], c: Change) => {
    if (!('holder' in c)) {
      return c.kind === 'add'
        ? client.addToGroup(id(c.user), id(c.group))
        : client.removeFromGroup(id(c.user), id(c.group));
    }
    const holder = 'user' in c.holder ? { user: id(c.holder.user) } : { group: id(c.holder.group) };
    return c.kind === 'grant'
      ? client.grant(holder, c.codename, c.object)
      : client.revoke(holder, c.codename, c.object);
  };

  it('ends every concurrent batch in the state the model predicts', async () => {
    const seed = Number(process.env.GRANTS_SEED ?? Date.now() % 1_000_000);
    await fc.assert(
      fc.asyncProperty(fc.array(batchArb, { minLength: 3, maxLength: 8 }), async (batches) => {
        // The model starts from what the database holds (earlier runs left their grants).
        const model = new Set(await readState(t.db));
        let audits = await auditCount(t.db);
        for (const batch of batches) {
          let changed = 0;
          const seen = new Set<string>();
          for (const c of batch) {
            const key = keyOf(c);
            if (seen.has(key)) continue; // a repeat changes nothing more
            seen.add(key);
            const adds = c.kind === 'grant' || c.kind === 'add';
            if (adds !== model.has(key)) changed += 1;
            if (adds) model.add(key);
            else model.delete(key);
          }
          const results = await Promise.allSettled(
            batch.map((c, i) => {
              const client = clients[i % clients.length];
              if (client === undefined) throw new Error('no client');
              return apply(client, c);
            }),
          );
          const failed = results.flatMap((r) =>
            r.status === 'rejected' ? [String(r.reason)] : [],
          );
          expect(failed).toEqual([]);
          expect(await readState(t.db)).toEqual([...model].sort());
          const now = await auditCount(t.db);
          expect(now - audits, 'one audit record per change that happened').toBe(changed);
          audits = now;
        }
      }),
      { numRuns: t.backend === 'postgres' ? 8 : 4, seed, endOnFailure: true },
    );
  }, 240_000);
});
