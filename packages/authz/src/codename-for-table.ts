import type { AnyTable, AppTables, ModelName } from './codenames.js';

// `codenameFor` finds its table's app by comparing literals: the table's SQL name and pg schema
// with the names and schemas of each app's tables, read as indexed accesses over the app's tables
// (one union each, computed once). Comparing the table with each table type (`TableId`, an
// instantiation per table) cost 135,000 instantiations at the first call at 2,000 tables; a
// mapped type over the app's tables by name still cost 31,000 (bench/tsc).

/** SQL names of every registered table. */
export type TableNameOf<TApps extends AppTables> = {
  [A in keyof TApps]: TApps[A][keyof TApps[A]]['_']['name'];
}[keyof TApps];

/** The pg schemas of an app's tables (`undefined` for the default schema). */
type SchemasOf<TTables extends Record<string, AnyTable>> = TTables[keyof TTables]['_']['schema'];

/**
 * The schema of the app's table named `N`: asked only of an app whose tables are in more than one
 * schema, where a name and a schema found separately need not be one table's.
 */
type SchemaOfName<TTables extends Record<string, AnyTable>, N> = {
  [K in keyof TTables]: TTables[K]['_']['name'] extends N ? TTables[K]['_']['schema'] : never;
}[keyof TTables];

/** Whether `TTable` (its SQL name and schema) is one of `TTables`. */
type IsTableOf<
  TTable extends AnyTable,
  TTables extends Record<string, AnyTable>,
> = TTable['_']['name'] extends TTables[keyof TTables]['_']['name']
  ? [SchemasOf<TTables>] extends [TTable['_']['schema']]
    ? true
    : TTable['_']['schema'] extends SchemaOfName<TTables, TTable['_']['name']>
      ? true
      : false
  : false;

/** The codename of `action` on `table`, found among the registry's apps. */
export type CodenameForTable<
  TApps extends AppTables,
  TTable,
  TAction extends string,
> = TTable extends AnyTable
  ? {
      [A in keyof TApps & string]: IsTableOf<TTable, TApps[A]> extends true
        ? `${A}.${TAction}_${ModelName<TTable, A>}`
        : never;
    }[keyof TApps & string]
  : never;
