import type { PgTable } from 'drizzle-orm/pg-core';
import { WardenError } from './errors.js';

// Codenames in Django's form `<app_label>.<action>_<model>`, derived from Drizzle tables. The same
// derivation exists twice, once in the types (so a wrong string is a compile error) and once at run
// time (so a string from outside is validated), and the tests hold the two together.

export const DEFAULT_ACTIONS = ['view', 'add', 'change', 'delete'] as const;
export type DefaultAction = (typeof DEFAULT_ACTIONS)[number];

/**
 * Any plain `pgTable` / `pgSchema().table`: its SQL name is a string literal in the types. Described
 * by shape, not as `PgTable`: checking 500 tables against `PgTable` made tsc compare every table's
 * row types (1.19 s at 500 tables; 0.13 s this way, see bench/tsc/RESULTS.md).
 */
export type AnyTable = {
  readonly _: {
    readonly brand: 'Table';
    readonly config: { readonly dialect: 'pg' };
    readonly name: string;
    readonly schema: string | undefined;
  };
};

/** The one place a registered table is handed to Drizzle's helpers, which want the class type. */
export const asPgTable = (table: AnyTable): PgTable => table as unknown as PgTable;
/** Tables grouped by app label: `{ polls: { question, choice }, shop: { product } }`. */
export type AppTables = Record<string, Record<string, AnyTable>>;

/** `polls_question` in app `polls` → `question`; `PollOption` → `polloption`. */
export type ModelName<TTable extends AnyTable, TApp extends string> =
  Lowercase<TTable['_']['name']> extends `${Lowercase<TApp>}_${infer Rest}`
    ? Rest
    : Lowercase<TTable['_']['name']>;

/** The model names of one app. */
export type ModelsOf<TApps extends AppTables, TApp extends keyof TApps & string> = {
  [K in keyof TApps[TApp]]: ModelName<TApps[TApp][K], TApp>;
}[keyof TApps[TApp]];

/** `'polls.question' | 'polls.choice' | 'shop.product'`: where custom permissions attach. */
export type ModelKey<TApps extends AppTables> = {
  [A in keyof TApps & string]: `${A}.${ModelsOf<TApps, A>}`;
}[keyof TApps & string];

/** Custom permissions per model, with their human names: `{ 'polls.question': { can_vote: 'Can vote' } }`. */
export type CustomPermissions<TApps extends AppTables> = {
  [K in ModelKey<TApps>]?: Record<string, string>;
};

type CustomCodenames<TCustom> = {
  [K in keyof TCustom & string]: K extends `${infer A}.${string}`
    ? `${A}.${keyof TCustom[K] & string}`
    : never;
}[keyof TCustom & string];

/**
 * Every valid codename of a registry: the default four per model, plus the custom ones.
 *
 * The union comes out of a conditional type's branch, which tsc builds without this alias: it then
 * names the union by its members (`"auth.add_group" | … 30 more …`), where the alias printed the
 * registry's tables, 400-odd characters of them, in every message about a `Codename`-typed value.
 * (A distributive `T extends string ? T : never` did the same at one instantiation per codename.)
 */
export type CodenameOf<TApps extends AppTables, TCustom = Record<never, never>> = [TApps] extends [
  unknown,
]
  ?
      | {
          [A in keyof TApps & string]: `${A}.${DefaultAction}_${ModelsOf<TApps, A>}`;
        }[keyof TApps & string]
      | CustomCodenames<TCustom>
  : never;

/** The row type of a Drizzle table (its select model); any record for a table known only by shape. */
type RowOf<T> = T extends { readonly $inferSelect: infer R } ? R : Record<string, unknown>;

/** The table of app `A` whose model name is `M`. */
type TableOfModel<TApps extends AppTables, A extends keyof TApps, M extends string> = {
  [K in keyof TApps[A]]: ModelName<TApps[A][K], A & string> extends M ? TApps[A][K] : never;
}[keyof TApps[A]];

/**
 * The tables a codename can be checked on: its model's table for the four default actions; for a
 * custom codename, any table of its app (the codename type does not record which model a custom
 * permission was declared on; the run-time check does).
 */
export type TablesOfCodename<
  TApps extends AppTables,
  K extends string,
> = K extends `${infer A}.${infer Act}_${infer M}`
  ? A extends keyof TApps
    ? Act extends DefaultAction
      ? [TableOfModel<TApps, A, M>] extends [never]
        ? TApps[A][keyof TApps[A]]
        : TableOfModel<TApps, A, M>
      : TApps[A][keyof TApps[A]]
    : never
  : K extends `${infer A}.${string}`
    ? A extends keyof TApps
      ? TApps[A][keyof TApps[A]]
      : never
    : never;

/**
 * What an object-level check of codename `K` takes: the object's key, or a row of the codename's
 * model. Another model's row is a compile error (guardian finds it at run time, if at all).
 */
export type ObjectOf<TApps extends AppTables, K extends string> =
  | string
  | number
  | bigint
  | RowOf<TablesOfCodename<TApps, K>>;

export interface ModelInfo {
  readonly appLabel: string;
  readonly model: string;
  readonly table: AnyTable;
}

export interface PermissionInfo<TCodename extends string = string> {
  /** `polls.add_question` */
  readonly codename: TCodename;
  readonly appLabel: string;
  /** The model the permission belongs to (its content type). */
  readonly model: string;
  /** `add` for default permissions; the full custom codename (`can_vote`) for custom ones. */
  readonly action: string;
  /** The part stored in auth_permission.codename: `add_question`, `can_vote`. */
  readonly localCodename: string;
  /** Django's human name: "Can add question", or the declared one. */
  readonly name: string;
  readonly custom: boolean;
}

/** A string that is no codename of the registry. Names the nearest valid ones. */
export class UnknownCodenameError extends WardenError {
  override readonly name = 'UnknownCodenameError';
  readonly code = 'UNKNOWN_CODENAME';
  constructor(
    readonly value: string,
    readonly suggestions: readonly string[],
  ) {
    const hint =
      suggestions.length > 0
        ? `; did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?`
        : '';
    super(`unknown permission codename '${value}'${hint}`);
  }
}

/** Runtime twin of `ModelName`. */
export function modelName(sqlName: string, appLabel: string): string {
  const lower = sqlName.toLowerCase();
  const prefix = `${appLabel.toLowerCase()}_`;
  return lower.startsWith(prefix) && lower.length > prefix.length
    ? lower.slice(prefix.length)
    : lower;
}
