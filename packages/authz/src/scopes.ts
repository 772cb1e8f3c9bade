import { getTableColumns, getTableName } from 'drizzle-orm';
import { getTableConfig, type PgColumn } from 'drizzle-orm/pg-core';
import { type AppTables, asPgTable, type ModelInfo, type ModelKey } from './codenames.js';
import { primaryKeyOf } from './object-perms.js';
import type { TableOfKey } from './owners.js';

// Scopes: which models are parents of which, through a foreign key of the child. A codename granted
// on a parent row (an organization) covers that row's descendants (its products, their tasks …),
// and a member of a parent row holds their role's (a group's) grants within that row's subtree.
// Declared once, beside the models; a model has at most one parent, so the scopes form a forest
// and a row's ancestors are one chain, which a list filters with one SQL condition.

/** The column keys of a model's row: where its parent's key is held. */
type FieldOf<T> = T extends { readonly $inferSelect: infer R } ? keyof R & string : never;

/**
 * Parents by model: `{ 'shop.product': { parent: 'orgs.organization', via: 'orgId' } }`. A model
 * that is none, a parent that is the model itself, or a field its table does not have does not
 * compile; that the field references the parent's key is checked at start.
 */
export type ScopeDeclarations<TApps extends AppTables> = {
  [K in ModelKey<TApps>]?: { readonly parent: ModelKey<TApps>; readonly via: string };
};

/** Checks each declared scope against its tables: computed only for the models named. */
export type CheckedScopes<TApps extends AppTables, TScopes> = {
  [K in keyof TScopes]: K extends ModelKey<TApps>
    ? { readonly parent: Exclude<ModelKey<TApps>, K>; readonly via: FieldOf<TableOfKey<TApps, K>> }
    : never;
};

/** One declared scope: `child.field` holds the key of a `parent` row. */
export interface ScopeInfo {
  readonly child: ModelInfo;
  readonly parent: ModelInfo;
  /** The child's property name (`orgId`) and its column. */
  readonly field: string;
  readonly column: PgColumn;
}

const keyOf = (m: ModelInfo) => `${m.appLabel}.${m.model}`;

/**
 * The declared scopes, checked at run time as well: each names registered models, a column of the
 * child with a foreign key to the parent's primary key (the key it holds must be the parent's), at
 * most one parent per model, and no cycle.
 */
export function scopeDeclarations(
  declared: Readonly<Record<string, { readonly parent: string; readonly via: string } | undefined>>,
  byModel: ReadonlyMap<string, ModelInfo>,
): ScopeInfo[] {
  const scopes: ScopeInfo[] = [];
  for (const [key, scope] of Object.entries(declared)) {
    if (scope === undefined) continue;
    const child = byModel.get(key);
    const parent = byModel.get(scope.parent);
    if (child === undefined)
      throw new Error(`a scope is declared for '${key}', which is no registered model`);
    if (parent === undefined)
      throw new Error(`the parent of ${key}, '${scope.parent}', is no registered model`);
    if (parent === child) throw new Error(`${key} cannot be its own parent`);
    const table = asPgTable(child.table);
    const columns = getTableColumns(table);
    const column = Object.hasOwn(columns, scope.via) ? columns[scope.via] : undefined;
    if (column === undefined)
      throw new Error(`'${scope.via}' is not a column of ${key} (table '${getTableName(table)}')`);
    const parentKey = primaryKeyOf(parent.table).column;
    const references = getTableConfig(table).foreignKeys.some((fk) => {
      const ref = fk.reference();
      return (
        ref.columns.length === 1 &&
        ref.columns[0] === column &&
        ref.foreignTable === parent.table &&
        ref.foreignColumns[0] === parentKey
      );
    });
    if (!references) {
      throw new Error(
        `${key}.${scope.via} must reference ${scope.parent}'s primary key (a foreign key, as \`.references(() => ${parent.model}.${primaryKeyOf(parent.table).key})\`)`,
      );
    }
    scopes.push({ child, parent, field: scope.via, column });
  }
  // A cycle would make a row its own ancestor: follow each chain upward.
  for (const start of scopes) {
    const seen = new Set([start.child]);
    for (let at = parentScope(scopes, start.child); at !== undefined; ) {
      if (seen.has(at.parent))
        throw new Error(
          `the scopes of ${keyOf(start.child)} form a cycle through ${keyOf(at.parent)}`,
        );
      seen.add(at.parent);
      at = parentScope(scopes, at.parent);
    }
  }
  return scopes;
}

/** The scope a model sits in (its parent), if it has one. */
export const parentScope = (scopes: readonly ScopeInfo[], model: ModelInfo) =>
  scopes.find((s) => s.child === model);

/**
 * The chain above a model, nearest first: each ancestor with the scopes that lead to it from the
 * model (`product → organization`: one step; `task → project → organization`: two).
 */
export function ancestorsOf(
  scopes: readonly ScopeInfo[],
  model: ModelInfo,
): Array<{ readonly model: ModelInfo; readonly path: readonly ScopeInfo[] }> {
  const chain: Array<{ model: ModelInfo; path: ScopeInfo[] }> = [];
  const path: ScopeInfo[] = [];
  for (let at = parentScope(scopes, model); at !== undefined; at = parentScope(scopes, at.parent)) {
    path.push(at);
    chain.push({ model: at.parent, path: [...path] });
  }
  return chain;
}
