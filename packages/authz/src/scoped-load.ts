import type { AnyTable, ModelInfo } from './codenames.js';
import { type ScopeRow, scopeRow, type Within } from './scoped-grants.js';
import {
  byCodeUnits,
  holdsOn,
  holdsOnAny,
  loadScopedHoldings,
  rowName,
  type ScopedHoldings,
} from './scoped-holdings.js';
import { readChain } from './scoped-perms.js';
import { ancestorsOf, type ScopeInfo } from './scopes.js';
import type { AnyPgDatabase, AuthUser } from './types.js';

// What a user holds within a scope row (the active organization): the model-level checks of a
// request that acts in it. Everything granted to the user or their groups on the row or any of its
// ancestors, and the model grants of the roles they have as a member of any of them; their global
// grants come on top (the caller adds them). Answered from the user's holdings (scoped-holdings.ts:
// one statement, or none when a credential cache primed them); the row's ancestors are read only
// up to the highest level the user holds anything at, so a top-level organization reads nothing.

/** The codenames held on the rows of `chain` (a scope row, then its ancestors). */
export function codenamesWithin(holdings: ScopedHoldings, chain: readonly ScopeRow[]): Set<string> {
  const held = new Set<string>();
  for (const { model, key } of chain) {
    const row = holdings.rows.get(rowName(model.appLabel, model.model, key));
    if (row !== undefined) for (const codename of row.codenames) held.add(codename);
  }
  return held;
}

/** One membership: a scope row and the roles the user has there. */
export interface Membership {
  /** `orgs.organization:5` */
  readonly scope: string;
  readonly appLabel: string;
  readonly model: string;
  readonly key: string;
  /** The groups that are the user's roles there, by name. */
  readonly roles: readonly string[];
}

/**
 * Every row of `models` the user is a member of, with their roles there (what an organization
 * switcher offers), ordered by model and key (code-unit order, as the roles).
 */
export function membershipsOf(
  holdings: ScopedHoldings,
  models: readonly ModelInfo[],
): Membership[] {
  const wanted = new Set(models.map((m) => `${m.appLabel}.${m.model}`));
  return [...holdings.rows.entries()]
    .filter(([, row]) => row.roles.length > 0 && wanted.has(`${row.appLabel}.${row.model}`))
    .sort(([, a], [, b]) =>
      a.appLabel !== b.appLabel
        ? byCodeUnits(a.appLabel, b.appLabel)
        : a.model !== b.model
          ? byCodeUnits(a.model, b.model)
          : byCodeUnits(a.key, b.key),
    )
    .map(([scope, { appLabel, model, key, roles }]) => ({ scope, appLabel, model, key, roles }));
}

/** What `heldWithin` reads of the registry. */
export interface WithinRegistry {
  modelOf(table: AnyTable): ModelInfo | undefined;
  modelFor(codename: string): ModelInfo;
  toCodename(codename: string): string;
  readonly scopes: readonly ScopeInfo[];
}

/**
 * The codenames `user` holds within the scope row `scope` by scope grants and memberships, of the
 * models at or below it: holding auth.change_group within an organization says nothing about
 * groups, which are no organization's rows. A row that does not exist is a NotFoundError.
 */
export async function heldWithin(
  db: AnyPgDatabase,
  registry: WithinRegistry,
  user: AuthUser,
  scope: Within,
): Promise<ReadonlySet<string>> {
  const known = registry.modelOf(scope.within);
  // scopeRow refuses a table that is no scope, before any query.
  const model =
    known !== undefined && registry.scopes.some((s) => s.parent === known)
      ? known
      : (await scopeRow(db, registry, scope)).model;
  const holdings = await loadScopedHoldings(db, user);
  const asGiven = String(scope.key);
  // Ancestors are read only up to the highest level the user holds anything at.
  let levels = 0;
  ancestorsOf(registry.scopes, model).forEach(({ model: ancestor }, i) => {
    if (holdsOnAny(holdings, ancestor)) levels = i + 1;
  });
  // Only the models at or below the row count.
  const below = (codename: string) => {
    const of = registry.modelFor(registry.toCodename(codename));
    return of === model || ancestorsOf(registry.scopes, of).some((a) => a.model === model);
  };
  // A row the user holds something on exists, its key as stored (the cleanup trigger ends what is
  // held on a deleted row, and that change is heard like a revoke): with no ancestor to read, no
  // query. Otherwise the chain's one statement finds the row (and reads '05' as '5'); a key that
  // names none, or that the column cannot even take (not a uuid), is refused by scopeRow, whose
  // probe runs in a savepoint.
  if (levels === 0 && holdsOn(holdings, model, asGiven)) {
    // Nothing read: the answer is the holdings' alone, made once for every request they serve.
    const answers = topLevel.get(registry.scopes) ?? new WeakMap();
    topLevel.set(registry.scopes, answers);
    const byRow = answers.get(holdings) ?? new Map<string, ReadonlySet<string>>();
    answers.set(holdings, byRow);
    const name = rowName(model.appLabel, model.model, asGiven);
    let held = byRow.get(name);
    if (held === undefined) {
      held = new Set([...codenamesWithin(holdings, [{ model, key: asGiven }])].filter(below));
      byRow.set(name, held);
    }
    return held;
  }
  const chain = (await readChain(db, registry.scopes, model, asGiven, levels).catch(
    () => undefined,
  )) ?? [await scopeRow(db, registry, scope)];
  return new Set([...codenamesWithin(holdings, chain)].filter(below));
}

// What a row with no ancestor to read holds, by registry and holdings: shared, never changed.
const topLevel = new WeakMap<
  readonly ScopeInfo[],
  WeakMap<ScopedHoldings, Map<string, ReadonlySet<string>>>
>();
