import { eq, getTableColumns, getTableName } from 'drizzle-orm';
import { getTableConfig, type PgColumn } from 'drizzle-orm/pg-core';
import {
  type AnyTable,
  type AppTables,
  asPgTable,
  type DefaultAction,
  type ModelInfo,
  type ModelKey,
  type ModelName,
} from './codenames.js';
import { primaryKeyOf, type RowOf } from './object-perms.js';
import { user } from './schema.js';
import type { AnyPgDatabase } from './types.js';

// Ownership is a power: an app whose classes let the owner of a row change it (DRF's
// IsOwnerOrReadOnly) gives every owner object permissions that no grant row records. The escalation
// rules must count them, or a staffer who sets an owner's password logs in as the owner and changes
// what it could not change as itself. So ownership is declared once, beside the models, and both the
// rules and the owner classes (`isOwner`, `isOwnerOrReadOnly`) read the declaration.

/**
 * What owning a row lets its owner do, as object permissions on that row: everything but `add`
 * (there is no row to own before it exists).
 */
export const OWNER_ACTIONS = [
  'view',
  'change',
  'delete',
] as const satisfies readonly DefaultAction[];

/** The columns of a row that can hold a user id: integer columns, nullable or not. */
type UserIdColumnOf<T> = {
  [K in keyof RowOf<T> & string]: RowOf<T>[K] extends number | null ? K : never;
}[keyof RowOf<T> & string];

/** The table registered as model `M` of app `A`. */
export type TableOfKey<
  TApps extends AppTables,
  K extends string,
> = K extends `${infer A}.${infer M}`
  ? A extends keyof TApps & string
    ? {
        [T in keyof TApps[A]]: ModelName<TApps[A][T], A> extends M ? TApps[A][T] : never;
      }[keyof TApps[A]]
    : never
  : never;

/**
 * Owner columns by model: `{ 'shop.product': 'ownerId' }`. The key is a registered model, the value
 * one of its integer columns (by its property name on the table); anything else does not compile.
 */
export type OwnerColumns<TApps extends AppTables> = { [K in ModelKey<TApps>]?: string };

/** Checks each declared owner column against its table: computed only for the models named. */
export type CheckedOwners<TApps extends AppTables, TOwners> = {
  [K in keyof TOwners]: K extends ModelKey<TApps> ? UserIdColumnOf<TableOfKey<TApps, K>> : never;
};

/** One declared owner column. */
export interface OwnerInfo extends ModelInfo {
  /** The column's property name on the table (`ownerId`): the field of a row that names the owner. */
  readonly field: string;
  readonly column: PgColumn;
}

/**
 * The declared owner columns, checked at run time as well (a declaration built from strings, or a
 * table whose column lost its foreign key): each names an integer column of a registered model that
 * references `auth_user.id`. Without that reference a deleted owner's id would outlive them.
 */
export function ownerColumns(
  declared: Readonly<Record<string, string | undefined>>,
  byModel: ReadonlyMap<string, ModelInfo>,
): OwnerInfo[] {
  const owners: OwnerInfo[] = [];
  for (const [key, field] of Object.entries(declared)) {
    if (field === undefined) continue;
    const model = byModel.get(key);
    if (model === undefined)
      throw new Error(`an owner column is declared for '${key}', which is no registered model`);
    const table = asPgTable(model.table);
    const columns = getTableColumns(table);
    const column = Object.hasOwn(columns, field) ? columns[field] : undefined;
    if (column === undefined)
      throw new Error(`'${field}' is not a column of ${key} (table '${getTableName(table)}')`);
    if (column.dataType !== 'number')
      throw new Error(`the owner column ${key}.${field} must be an integer column (a user id)`);
    const { column: primary } = primaryKeyOf(model.table);
    if (column === primary) throw new Error(`the owner column of ${key} cannot be its primary key`);
    const references = getTableConfig(table).foreignKeys.some((fk) => {
      const ref = fk.reference();
      return (
        ref.columns.length === 1 &&
        ref.columns[0] === column &&
        getTableName(ref.foreignTable) === getTableName(user) &&
        ref.foreignColumns[0]?.name === user.id.name
      );
    });
    if (!references) {
      throw new Error(
        `the owner column ${key}.${field} must reference ${getTableName(user)}(id) (a foreign key, as \`.references(() => user.id)\`)`,
      );
    }
    owners.push({ ...model, field, column });
  }
  return owners;
}

/**
 * The object permissions a user has by owning rows, as `[codename, key]` pairs: for every declared
 * owner column, each row the user owns, with every owner action. One statement per owner column.
 */
export async function ownedObjects(
  tx: AnyPgDatabase,
  owners: readonly OwnerInfo[],
  userId: number,
): Promise<Array<[codename: string, key: string]>> {
  const held: Array<[string, string]> = [];
  for (const owner of owners) {
    const { column: primary } = primaryKeyOf(owner.table);
    const rows = await tx
      .select({ key: primary })
      .from(asPgTable(owner.table))
      .where(eq(owner.column, userId));
    for (const { key } of rows)
      for (const action of OWNER_ACTIONS)
        held.push([`${owner.appLabel}.${action}_${owner.model}`, String(key)]);
  }
  return held;
}

/** The owner declaration of a table, if it has one. */
export const ownerOf = (owners: readonly OwnerInfo[], table: AnyTable): OwnerInfo | undefined =>
  owners.find((o) => o.table === table);
