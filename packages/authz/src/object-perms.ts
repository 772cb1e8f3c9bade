import { and, eq, getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { AnyTable } from './codenames.js';
import { asPgTable } from './codenames.js';
import { WrongModelError } from './errors.js';
import {
  contentType,
  groupObjectPermission,
  permission,
  userGroup,
  userObjectPermission,
  user as userTable,
} from './schema.js';
import type { AnyPgDatabase, AuthUser, ObjectRef } from './types.js';

/** The single-column primary key of a registered table (object grants store it as text). */
export function primaryKeyOf(table: AnyTable): { key: string; column: PgColumn } {
  const primary = Object.entries(
    getTableColumns(asPgTable(table)) as Record<string, PgColumn>,
  ).filter(([, column]) => column.primary);
  const [first] = primary;
  if (primary.length !== 1 || first === undefined) {
    throw new Error(
      `objects of table '${getTableName(asPgTable(table))}' need a single-column primary key`,
    );
  }
  return { key: first[0], column: first[1] };
}

/** A row of a table as Drizzle selects it (`db.select().from(table)`): every column, no more. */
export type RowOf<T> = T extends { readonly $inferSelect: infer R } ? R : never;

/**
 * What is wrong with `object` as a row of `table`, or undefined: a row has exactly the table's
 * columns (by their property names). A field the table has not means another table's row or a
 * joined one (a product handed to a check of `polls.can_vote` would be answered about whichever
 * question shares its id); a missing one, a partial select, which could be any table's.
 */
function rowProblem(table: AnyTable, object: object): string | undefined {
  const columns = getTableColumns(asPgTable(table));
  const foreign = Object.keys(object).filter((field) => !Object.hasOwn(columns, field));
  const missing = Object.keys(columns).filter((field) => !Object.hasOwn(object, field));
  if (foreign.length === 0 && missing.length === 0) return undefined;
  const name = getTableName(asPgTable(table));
  return foreign.length > 0
    ? `the object is not a row of '${name}' (it has ${foreign.map((f) => `'${f}'`).join(', ')}, which that table has not)`
    : `the object is not a whole row of '${name}' (it lacks ${missing.map((f) => `'${f}'`).join(', ')}): pass the row as selected, or its key`;
}

/** Whether `object` is a row of `table`: exactly its columns. */
export function isRowOf<T extends AnyTable>(table: T, object: unknown): object is RowOf<T> {
  return typeof object === 'object' && object !== null && rowProblem(table, object) === undefined;
}

/**
 * The object key stored in object grants: the primary key, as text, of a key or a row. A row must
 * be a whole row of `table` (see `rowProblem`), else a `WrongModelError`, for every user.
 */
export function objectKey(table: AnyTable, object: ObjectRef): string {
  if (typeof object !== 'object') return String(object);
  const problem = rowProblem(table, object);
  if (problem !== undefined) throw new WrongModelError(problem);
  const value = object[primaryKeyOf(table).key];
  if (value === undefined || value === null) {
    throw new WrongModelError(
      `the row of '${getTableName(asPgTable(table))}' has no primary key value`,
    );
  }
  return String(value);
}

/** `auth_permission.id` of `<appLabel>.<localCodename>`, as a scalar subquery. */
export function permissionIdSql(appLabel: string, localCodename: string): SQL {
  return sql`(select ${permission.id} from ${permission}
    inner join ${contentType} on ${contentType.id} = ${permission.contentTypeId}
    where ${contentType.appLabel} = ${appLabel} and ${permission.codename} = ${localCodename})`;
}

/**
 * Does the user hold this permission on this one object through an object grant (their own or a
 * group's)? One statement on the (permission_id, object_pk) indexes. Global grants and superusers
 * are the caller's business.
 */
export async function hasObjectGrant(
  db: AnyPgDatabase,
  user: AuthUser,
  appLabel: string,
  localCodename: string,
  key: string,
): Promise<boolean> {
  const permissionId = permissionIdSql(appLabel, localCodename);
  // In a where clause Drizzle qualifies every column (in selected fields it does not).
  const rows = await db
    .select({ id: userTable.id })
    .from(userTable)
    .where(
      and(
        eq(userTable.id, user.id),
        sql`(exists (select 1 from ${userObjectPermission}
          where ${userObjectPermission.userId} = ${user.id}
            and ${userObjectPermission.permissionId} = ${permissionId}
            and ${userObjectPermission.objectPk} = ${key})
        or exists (select 1 from ${groupObjectPermission}
          inner join ${userGroup} on ${userGroup.groupId} = ${groupObjectPermission.groupId}
          where ${userGroup.userId} = ${user.id}
            and ${groupObjectPermission.permissionId} = ${permissionId}
            and ${groupObjectPermission.objectPk} = ${key}))`,
      ),
    );
  return rows.length > 0;
}

/**
 * A keyset page of a list: `pk > after order by pk limit limit` (no `after`: the first page). With
 * it, `objectsFor` names only the first `limit` granted keys after `after`, read in key order from
 * an index, so a page costs the same at 100,000 grants as at 10.
 */
export interface KeysetPage {
  readonly after?: number;
  readonly limit: number;
}

const INTEGER_TYPES: ReadonlySet<string> = new Set([
  'integer',
  'bigint',
  'smallint',
  'serial',
  'bigserial',
  'smallserial',
]);

/**
 * `<pk> = any(array(the keys of the user's and their groups' object grants))`, cast to the key's SQL
 * type. Measured on 1M rows / 10,000 grants (bench/runtime): `pk in (select … union select …)` made
 * Postgres merge-join along the whole primary key index (p50 79 ms a page); the array is built once
 * and probed on the primary key index in key order, so a keyset page stops after 20 rows (p50 4.2 ms, median of 5 runs).
 * Building the array reads every grant, though: 14.7 ms a page at 100,000 grants. With `page` and an
 * integer key, the array holds only the first `limit` keys after `after` of each source (the user's
 * grants; each of their groups'), read in order from the `warden_object_int` indexes (migration
 * 0003): the page's granted rows are among them, and nothing else of the list is.
 */
export function objectGrantCondition(
  table: AnyTable,
  user: AuthUser,
  appLabel: string,
  localCodename: string,
  page?: KeysetPage,
): SQL {
  const { column } = primaryKeyOf(table);
  const type = column.getSQLType();
  const permissionId = permissionIdSql(appLabel, localCodename);
  if (page !== undefined && INTEGER_TYPES.has(type))
    return pagedCondition(column, user, permissionId, page);
  const cast = sql.raw(type);
  return sql`${column} = any(array(
    select (${userObjectPermission.objectPk})::${cast} from ${userObjectPermission}
      where ${userObjectPermission.userId} = ${user.id}
        and ${userObjectPermission.permissionId} = ${permissionId}
    union all
    select (${groupObjectPermission.objectPk})::${cast} from ${groupObjectPermission}
      inner join ${userGroup} on ${userGroup.groupId} = ${groupObjectPermission.groupId}
      where ${userGroup.userId} = ${user.id}
        and ${groupObjectPermission.permissionId} = ${permissionId}))`;
}

/** `page` as given, or an error naming what is wrong with it: for every user, used or not. */
export function checkedPage(page: KeysetPage): KeysetPage {
  const { after, limit } = page;
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new Error(`a keyset page's limit must be a positive whole number (got ${limit})`);
  if (after !== undefined && !Number.isSafeInteger(after))
    throw new Error(`a keyset page's after must be a whole number (got ${after})`);
  return page;
}

function pagedCondition(
  column: PgColumn,
  user: AuthUser,
  permissionId: SQL,
  page: KeysetPage,
): SQL {
  const { after, limit } = checkedPage(page);
  // The very expression the indexes are on, so the planner walks them in order.
  const key = (pk: PgColumn) => sql`warden_object_int(${pk})`;
  const from = (pk: PgColumn) => (after === undefined ? sql`` : sql` and ${key(pk)} > ${after}`);
  // Per group, its own first `limit`: one ordered range of the group index each.
  return sql`${column} = any(array(
    (select ${key(userObjectPermission.objectPk)} from ${userObjectPermission}
      where ${userObjectPermission.userId} = ${user.id}
        and ${userObjectPermission.permissionId} = ${permissionId}${from(userObjectPermission.objectPk)}
      order by 1 limit ${limit})
    union all
    select granted.key from ${userGroup} cross join lateral
      (select ${key(groupObjectPermission.objectPk)} as key from ${groupObjectPermission}
        where ${groupObjectPermission.groupId} = ${userGroup.groupId}
          and ${groupObjectPermission.permissionId} = ${permissionId}${from(groupObjectPermission.objectPk)}
        order by 1 limit ${limit}) as granted
      where ${userGroup.userId} = ${user.id}))`;
}
