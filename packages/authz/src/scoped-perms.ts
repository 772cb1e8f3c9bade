import { and, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import { alias, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import { asPgTable, type ModelInfo } from './codenames.js';
import { primaryKeyOf } from './object-perms.js';
import {
  contentType,
  groupPermission,
  groupScopePermission,
  membership,
  userGroup,
  userScopePermission,
} from './schema.js';
import type { ScopeRow } from './scoped-grants.js';
import { ancestorsOf, type ScopeInfo } from './scopes.js';
import type { AnyPgDatabase, AuthUser } from './types.js';

// Resolution under scopes: a permission held on a row of a parent model (an organization) holds on
// every row below it. Held there means: granted to the user on that row, granted to one of their
// groups on that row, or a membership of that row whose role (a group) has the permission as a
// model grant. A list's condition is one SQL expression (one nested subquery per level of the
// chain), and a single object's answer one statement.

/** `auth_content_type.id` of a model, as a scalar subquery (the same SQL in every database). */
export const contentTypeIdSql = (model: ModelInfo): SQL =>
  sql`(select ${contentType.id} from ${contentType}
    where ${contentType.appLabel} = ${model.appLabel} and ${contentType.model} = ${model.model})`;

/**
 * The keys (text) of the rows of `scopeModel` under which `user` holds the permission: their own
 * scope grants, their groups' scope grants, and their memberships whose role has it.
 */
function heldKeys(user: AuthUser, permissionId: SQL, scopeModel: ModelInfo): SQL {
  const type = contentTypeIdSql(scopeModel);
  return sql`select ${userScopePermission.scopePk} from ${userScopePermission}
      where ${userScopePermission.userId} = ${user.id}
        and ${userScopePermission.permissionId} = ${permissionId}
        and ${userScopePermission.scopeTypeId} = ${type}
    union all
    select ${groupScopePermission.scopePk} from ${groupScopePermission}
      inner join ${userGroup} on ${userGroup.groupId} = ${groupScopePermission.groupId}
      where ${userGroup.userId} = ${user.id}
        and ${groupScopePermission.permissionId} = ${permissionId}
        and ${groupScopePermission.scopeTypeId} = ${type}
    union all
    select ${membership.scopePk} from ${membership}
      inner join ${groupPermission} on ${groupPermission.groupId} = ${membership.groupId}
      where ${membership.userId} = ${user.id}
        and ${groupPermission.permissionId} = ${permissionId}
        and ${membership.scopeTypeId} = ${type}`;
}

/** `column = any(array(the held keys, cast to the column's type))`: probed on the column's index. */
const amongHeld = (column: PgColumn, held: SQL): SQL =>
  sql`${column} = any(array(select (held.k)::${sql.raw(column.getSQLType())} from (${held}) as held(k)))`;

/** Whether a model can be reached by scopes at all: it has a parent, or is one. */
export const isScoped = (scopes: readonly ScopeInfo[], model: ModelInfo) =>
  scopes.some((s) => s.child === model || s.parent === model);

/**
 * The condition on `model`'s table selecting the rows `user` holds the permission on through a
 * scope: by a membership or scope grant of the row itself, or of any of its ancestors (for the
 * k-th ancestor, k nested `column in (select key from parent where …)`). Undefined when the model
 * is in no scope.
 */
export function scopedCondition(
  scopes: readonly ScopeInfo[],
  model: ModelInfo,
  user: AuthUser,
  permissionId: SQL,
): SQL | undefined {
  if (!isScoped(scopes, model)) return undefined;
  const own = amongHeld(primaryKeyOf(model.table).column, heldKeys(user, permissionId, model));
  const inherited = ancestorsOf(scopes, model).map(({ model: ancestor, path }) => {
    const [first, ...rest] = [...path].reverse(); // the step into the ancestor first
    if (first === undefined) return sql`false`;
    let condition = amongHeld(first.column, heldKeys(user, permissionId, ancestor));
    for (const step of rest) {
      const parent = asPgTable(step.parent.table);
      const parentKey = primaryKeyOf(step.parent.table).column;
      condition = sql`${step.column} in (select ${parentKey} from ${parent} where ${condition})`;
    }
    return condition;
  });
  return sql`(${sql.join([own, ...inherited], sql` or `)})`;
}

/** A column of a table (an alias too) by its property name. */
function columnOf(table: PgTable, field: string): PgColumn {
  const column = getTableColumns(table)[field];
  if (column === undefined) throw new Error(`no column '${field}'`);
  return column;
}

/** Whether `key` can be a value of the column (an integer column takes only integers). */
export function keyFits(column: PgColumn, key: string): boolean {
  return !/int|serial/i.test(column.getSQLType()) || /^-?\d{1,18}$/.test(key.trim());
}

/**
 * Whether `user` holds the permission on the row `key` of `model` through a scope: on the row
 * itself or any ancestor. One statement: the list's condition, on that row.
 */
export async function holdsInScope(
  db: AnyPgDatabase,
  scopes: readonly ScopeInfo[],
  user: AuthUser,
  permissionId: SQL,
  model: ModelInfo,
  key: string,
): Promise<boolean> {
  return rowMeets(db, model, key, scopedCondition(scopes, model, user, permissionId));
}

/** Whether the row `key` of `model` exists and meets `condition` (none: no row does). */
export async function rowMeets(
  db: AnyPgDatabase,
  model: ModelInfo,
  key: string,
  condition: SQL | undefined,
): Promise<boolean> {
  const { column } = primaryKeyOf(model.table);
  if (condition === undefined || !keyFits(column, key)) return false;
  const rows = await db
    .select({ key: column })
    .from(asPgTable(model.table))
    .where(and(eq(column, key), condition))
    .limit(1);
  return rows.length > 0;
}

/**
 * The row `key` of `model` and its ancestors, nearest first, each with its key as stored: the
 * scope rows whose grants and memberships reach it. Undefined when there is no such row. One
 * statement whatever the depth (the row's table left-joined to each parent's through the declared
 * columns), none for a model without a parent. `levels`: no more ancestors than that many (the
 * caller holds nothing above them).
 */
export async function readChain(
  db: AnyPgDatabase,
  scopes: readonly ScopeInfo[],
  model: ModelInfo,
  key: string,
  levels = Number.POSITIVE_INFINITY,
): Promise<ScopeRow[] | undefined> {
  if (!keyFits(primaryKeyOf(model.table).column, key)) return undefined;
  const ancestors = ancestorsOf(scopes, model).slice(0, levels);
  const path = ancestors.at(-1)?.path ?? [];
  const models = [model, ...ancestors.map((a) => a.model)];
  // Aliased: one table may appear twice (two models of one table are two scopes of one chain).
  const levelsRead = models.map((m, i) => {
    const table = alias(asPgTable(m.table), `warden_chain_${i}`);
    return { table, key: columnOf(table, primaryKeyOf(m.table).key) };
  });
  const keys: Record<string, SQL<string | null>> = {};
  for (const [i, level] of levelsRead.entries())
    keys[`k${i}`] = sql<string | null>`${level.key}::text`;
  const [first, ...above] = levelsRead;
  if (first === undefined) return undefined;
  let query = db.select(keys).from(first.table).$dynamic();
  let below = first;
  for (const [i, level] of above.entries()) {
    const step = path[i];
    if (step === undefined) break;
    query = query.leftJoin(level.table, eq(level.key, columnOf(below.table, step.field)));
    below = level;
  }
  const [row] = await query.where(eq(first.key, key));
  if (row === undefined) return undefined;
  const chain: ScopeRow[] = [];
  for (const [i, m] of models.entries()) {
    const stored = row[`k${i}`];
    if (stored === null || stored === undefined) break; // a parent column that is null
    chain.push({ model: m, key: stored });
  }
  return chain;
}

/**
 * The row `key` of `model` and its ancestors, nearest first, as `{ model, key }` (`readChain`):
 * what explain and the escalation rules read; lists and checks never do. A row that does not exist
 * has no ancestors.
 */
export async function scopeChain(
  db: AnyPgDatabase,
  scopes: readonly ScopeInfo[],
  model: ModelInfo,
  key: string,
): Promise<ScopeRow[]> {
  return (await readChain(db, scopes, model, key)) ?? [{ model, key }];
}
