import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { asPgTable, type ModelInfo } from './codenames.js';
import { primaryKeyOf } from './object-perms.js';
import { keysHolding, type ScopedHoldings } from './scoped-holdings.js';
import { isScoped, keyFits, rowMeets } from './scoped-perms.js';
import { ancestorsOf, type ScopeInfo } from './scopes.js';
import type { AnyPgDatabase } from './types.js';

// The read path's scope condition, from the user's holdings (scoped-holdings.ts): the keys of the
// rows they hold a codename on are known before the query, so a list filters with the keys as one
// parameter instead of subqueries into the grant and membership tables, and the condition is built
// once per holdings (a credential cache's entry: every request of a session gets the same object,
// which an app may key a prepared statement on). EXPLAIN ANALYZE of the bench's member of 50
// organizations (docs/performance.md): with the subqueries, 2.3 ms of planning and 0.7 ms of
// execution a page; with the keys, 0.8 ms and 0.13 ms, the rest being the object grant subqueries,
// which a user holding no object grant no longer gets (authz.ts). A level the user holds nothing
// at is left out, and a codename held on no row is no condition. The escalation rules, which must
// read the database inside their transaction, keep the subquery form (scoped-perms.ts).

/**
 * `column = any(array(select k::type from unnest('{…}'::text[]) k))`: the keys as one parameter,
 * turned into the column's type once per execution (an uncorrelated subquery), probed on the
 * column's index. Not `'{…}'::text[]::type[]`: in a prepared statement Postgres converted that
 * literal again for every row it filtered (4.5 ms against 0.27 ms for the bench's page).
 */
function amongKeys(column: PgColumn, keys: readonly string[]): SQL | undefined {
  // A key the column cannot take (a raw insert of 'x' for an integer key) names no row.
  const fitting = keys.filter((key) => keyFits(column, key));
  if (fitting.length === 0) return undefined;
  // An array literal, each element quoted: one text parameter on every driver.
  const literal = `{${fitting.map((k) => `"${k.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
  const type = sql.raw(column.getSQLType());
  return sql`${column} = any(array(select k::${type} from unnest(${literal}::text[]) as k))`;
}

/**
 * The condition on `model`'s table selecting the rows on which `holdings` hold `codename` through a
 * scope: on the row itself, or on an ancestor (for the k-th ancestor, k nested `column in (select
 * key from parent where …)`). Undefined when they hold it on no row of the chain's models.
 */
export function heldCondition(
  scopes: readonly ScopeInfo[],
  model: ModelInfo,
  holdings: ScopedHoldings,
  codename: string,
): SQL | undefined {
  // Built once per holdings (a credential cache's entry serves every request of its session).
  const byHoldings =
    memo.get(scopes) ?? new WeakMap<ScopedHoldings, Map<string, SQL | undefined>>();
  memo.set(scopes, byHoldings);
  const conditions = byHoldings.get(holdings) ?? new Map<string, SQL | undefined>();
  byHoldings.set(holdings, conditions);
  const name = `${model.appLabel}.${model.model} ${codename}`;
  if (conditions.has(name)) return conditions.get(name);
  const condition = buildCondition(scopes, model, holdings, codename);
  conditions.set(name, condition);
  return condition;
}

const memo = new WeakMap<
  readonly ScopeInfo[],
  WeakMap<ScopedHoldings, Map<string, SQL | undefined>>
>();

function buildCondition(
  scopes: readonly ScopeInfo[],
  model: ModelInfo,
  holdings: ScopedHoldings,
  codename: string,
): SQL | undefined {
  if (!isScoped(scopes, model)) return undefined;
  const own = amongKeys(primaryKeyOf(model.table).column, keysHolding(holdings, model, codename));
  const inherited = ancestorsOf(scopes, model).map(({ model: ancestor, path }) => {
    const [first, ...rest] = [...path].reverse(); // the step into the ancestor first
    if (first === undefined) return undefined;
    let condition = amongKeys(first.column, keysHolding(holdings, ancestor, codename));
    if (condition === undefined) return undefined;
    for (const step of rest) {
      const parent = asPgTable(step.parent.table);
      const parentKey = primaryKeyOf(step.parent.table).column;
      condition = sql`${step.column} in (select ${parentKey} from ${parent} where ${condition})`;
    }
    return condition;
  });
  const parts = [own, ...inherited].filter((c) => c !== undefined);
  return parts.length === 0 ? undefined : sql`(${sql.join(parts, sql` or `)})`;
}

/**
 * Whether `holdings` hold `codename` on the row `key` of `model` through a scope: the list's
 * condition on that row, one statement; none when they hold it on no row of the chain's models.
 */
export async function holdsOnRow(
  db: AnyPgDatabase,
  scopes: readonly ScopeInfo[],
  holdings: ScopedHoldings,
  codename: string,
  model: ModelInfo,
  key: string,
): Promise<boolean> {
  return rowMeets(db, model, key, heldCondition(scopes, model, holdings, codename));
}
