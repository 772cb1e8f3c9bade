import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import type { CodenameArg } from './codename-arg.js';
import type { CodenameForTable, TableNameOf } from './codename-for-table.js';
import {
  type AnyTable,
  type AppTables,
  asPgTable,
  type CodenameOf,
  type CustomPermissions,
  DEFAULT_ACTIONS,
  type DefaultAction,
  type ModelInfo,
  type ModelName,
  modelName,
  type PermissionInfo,
  UnknownCodenameError,
} from './codenames.js';
import { type CheckedOwners, type OwnerColumns, type OwnerInfo, ownerColumns } from './owners.js';
import {
  type CheckedScopes,
  type ScopeDeclarations,
  type ScopeInfo,
  scopeDeclarations,
} from './scopes.js';
import { suggestCodenames } from './suggest.js';

export type { CodenameForTable } from './codename-for-table.js';

export interface Registry<TApps extends AppTables, TCodename extends string> {
  /** The tables, grouped by app label, as given to `defineModels`. */
  readonly apps: TApps;
  /** Every permission, in declaration order (apps, models, then view/add/change/delete, custom). */
  readonly permissions: readonly PermissionInfo<TCodename>[];
  readonly models: readonly ModelInfo[];
  /**
   * The declared owner columns (`owners` of `defineModels`): owning a row gives its owner `view`,
   * `change` and `delete` on it, which the escalation rules count and the owner classes read.
   */
  readonly owners: readonly OwnerInfo[];
  /**
   * The declared scopes (`scopes` of `defineModels`): which model is the parent of which, through
   * which column. Grants on a parent row and memberships of it reach its descendants.
   */
  readonly scopes: readonly ScopeInfo[];
  /** Type guard for strings from outside (request bodies, the CLI, the database). */
  isCodename(value: unknown): value is TCodename;
  /** Returns `value` typed, or throws UnknownCodenameError naming the nearest valid codenames. */
  toCodename(value: string): TCodename;
  /** Facts about one codename; throws UnknownCodenameError for a string that is none. */
  get<K extends string>(codename: CodenameArg<K, TCodename>): PermissionInfo<TCodename>;
  /** Typed builder: `codename('polls', 'add', 'question')` → `'polls.add_question'`. */
  codename<
    A extends keyof TApps & string,
    Act extends DefaultAction,
    // `ModelsOf<TApps, A>` written out: under its alias tsc reported a wrong model as not assignable
    // to `ModelsOf<{ readonly auth: … PgTableWithColumns…`; unnamed, it prints `"choice" | "question"`.
    M extends { [K in keyof TApps[A]]: ModelName<TApps[A][K], A> }[keyof TApps[A]],
  >(appLabel: A, action: Act, model: M): `${A}.${Act}_${M}`;
  /** `codenameFor(question, 'view')` → `'polls.view_question'`. */
  codenameFor<
    TTable extends AnyTable & { readonly _: { readonly name: TableNameOf<TApps> } },
    Act extends DefaultAction,
  >(table: TTable, action: Act): CodenameForTable<TApps, TTable, Act>;
  /**
   * `codenameFor` for a table known only at run time (inside generic code such as the permission
   * classes): the codename, typed as any of the registry's; throws for an unregistered table.
   */
  codenameOf(table: AnyTable, action: DefaultAction): TCodename;
  /** The model (and its table) a table object is registered as; undefined if it is not. */
  modelOf(table: AnyTable): ModelInfo | undefined;
  /** The model (and its table) a codename is a permission on; throws for an unknown codename. */
  modelFor<K extends string>(codename: CodenameArg<K, TCodename>): ModelInfo;
  /** Nearest valid codenames to a wrong string, best first. */
  suggest(value: string): string[];
}

/**
 * Declares the models whose permissions exist, grouped by app label, and the custom permissions
 * of each model. Returns the registry; `typeof registry.$codename` (or `CodenameOf<…>`) is the
 * union of every valid codename.
 *
 * @example
 * ```ts
 * export const registry = defineModels(
 *   { auth: { user, group, permission }, polls: { question, choice } },
 *   { permissions: { 'polls.question': { can_vote: 'Can vote' } } },
 * );
 * export type Codename = typeof registry.$codename; // 'polls.add_question' | … | 'polls.can_vote'
 * ```
 */
export function defineModels<
  const TApps extends AppTables,
  const TCustom extends CustomPermissions<TApps> = Record<never, never>,
  const TOwners extends OwnerColumns<TApps> = Record<never, never>,
  const TScopes extends ScopeDeclarations<TApps> = Record<never, never>,
>(
  apps: TApps,
  options?: {
    permissions?: TCustom;
    /**
     * Which column of a model names the user who owns a row: `{ 'shop.product': 'ownerId' }`, an
     * integer column referencing `auth_user.id`. Declare it where owners have powers over their
     * rows (DRF's IsOwnerOrReadOnly): the escalation rules then count owned rows as held.
     */
    owners?: TOwners & CheckedOwners<TApps, TOwners>;
    /**
     * Which model is the parent of which, through a foreign key of the child:
     * `{ 'shop.product': { parent: 'orgs.organization', via: 'orgId' } }`. A codename granted on a
     * parent row covers its descendants; a member of a parent row holds their role's grants there.
     */
    scopes?: TScopes & CheckedScopes<TApps, TScopes>;
  },
): Registry<TApps, CodenameOf<TApps, TCustom>> & {
  readonly $codename: CodenameOf<TApps, TCustom>;
} {
  type C = CodenameOf<TApps, TCustom>;
  const models: ModelInfo[] = [];
  const permissions: PermissionInfo<C>[] = [];
  const byCodename = new Map<string, PermissionInfo<C>>();
  const byTable = new Map<AnyTable, ModelInfo>();
  const byModel = new Map<string, ModelInfo>();
  const custom = (options?.permissions ?? {}) as Record<string, Record<string, string> | undefined>;
  const usedCustomKeys = new Set<string>();

  const add = (info: PermissionInfo<C>) => {
    const clash = byCodename.get(info.codename);
    if (clash !== undefined) {
      throw new Error(
        `permission '${info.codename}' is declared twice (models '${clash.model}' and '${info.model}')`,
      );
    }
    byCodename.set(info.codename, info);
    permissions.push(info);
  };

  for (const [appLabel, tables] of Object.entries(apps)) {
    if (!APP_LABEL.test(appLabel)) {
      throw new Error(`app label '${appLabel}' must be lower-case letters, digits and _`);
    }
    const seen = new Set<string>();
    for (const [key, table] of Object.entries(tables)) {
      if (!is(table, PgTable)) throw new Error(`${appLabel}.${key} is not a Drizzle pgTable`);
      const model = modelName(getTableName(table), appLabel);
      if (!NAME.test(model)) {
        throw new Error(
          `table '${getTableName(table)}' gives model name '${model}', which is not a valid identifier`,
        );
      }
      if (seen.has(model)) throw new Error(`app '${appLabel}' has two tables named '${model}'`);
      if (byTable.has(table)) throw new Error(`table '${getTableName(table)}' is registered twice`);
      seen.add(model);
      const info: ModelInfo = { appLabel, model, table };
      models.push(info);
      byTable.set(table, info);
      byModel.set(`${appLabel}.${model}`, info);
      for (const action of DEFAULT_ACTIONS) {
        const localCodename = `${action}_${model}`;
        add({
          codename: `${appLabel}.${localCodename}` as C,
          appLabel,
          model,
          action,
          localCodename,
          name: `Can ${action} ${model}`,
          custom: false,
        });
      }
      const customKey = `${appLabel}.${model}`;
      for (const [localCodename, name] of Object.entries(custom[customKey] ?? {})) {
        usedCustomKeys.add(customKey);
        if (!NAME.test(localCodename)) {
          throw new Error(
            `custom permission '${localCodename}' on ${customKey} must be lower-case letters, digits and _`,
          );
        }
        if (typeof name !== 'string' || name.trim() === '' || name.length > 255) {
          throw new Error(
            `custom permission '${appLabel}.${localCodename}' needs a human name of 1–255 characters`,
          );
        }
        add({
          codename: `${appLabel}.${localCodename}` as C,
          appLabel,
          model,
          action: localCodename,
          localCodename,
          name,
          custom: true,
        });
      }
    }
  }
  for (const key of Object.keys(custom)) {
    if (!usedCustomKeys.has(key) && Object.keys(custom[key] ?? {}).length > 0) {
      throw new Error(`custom permissions are declared for '${key}', which is no registered model`);
    }
  }

  const all = permissions.map((p) => p.codename as string);

  // Overloads: the typed signature for callers, a checked string inside (the declared literal
  // types are what `defineModels`'s names compute; the run-time check keeps them honest).
  function codename<
    A extends keyof TApps & string,
    Act extends DefaultAction,
    M extends { [K in keyof TApps[A]]: ModelName<TApps[A][K], A> }[keyof TApps[A]],
  >(appLabel: A, action: Act, model: M): `${A}.${Act}_${M}`;
  function codename(appLabel: string, action: string, model: string): string {
    const value = `${appLabel}.${action}_${model}`;
    if (!byCodename.has(value)) throw new UnknownCodenameError(value, suggestCodenames(value, all));
    return value;
  }
  function codenameFor<
    TTable extends AnyTable & { readonly _: { readonly name: TableNameOf<TApps> } },
    Act extends DefaultAction,
  >(table: TTable, action: Act): CodenameForTable<TApps, TTable, Act>;
  function codenameFor(table: AnyTable, action: DefaultAction): string {
    const info = byTable.get(table);
    if (info === undefined) {
      throw new Error(
        `table '${getTableName(asPgTable(table))}' is not registered with defineModels`,
      );
    }
    return `${info.appLabel}.${action}_${info.model}`;
  }

  const owners = ownerColumns(options?.owners ?? {}, byModel);
  const scopes = scopeDeclarations(options?.scopes ?? {}, byModel);

  const registry: Registry<TApps, C> = {
    apps,
    permissions,
    models,
    owners,
    scopes,
    isCodename: (value): value is C => typeof value === 'string' && byCodename.has(value),
    toCodename(value) {
      if (byCodename.has(value)) return value as C;
      throw new UnknownCodenameError(value, suggestCodenames(value, all));
    },
    get(codename) {
      const info = byCodename.get(codename);
      if (info === undefined)
        throw new UnknownCodenameError(codename, suggestCodenames(codename, all));
      return info;
    },
    codename,
    codenameFor,
    codenameOf(table, action) {
      const info = byTable.get(table);
      if (info === undefined) {
        throw new Error(
          `table '${getTableName(asPgTable(table))}' is not registered with defineModels`,
        );
      }
      return registry.toCodename(`${info.appLabel}.${action}_${info.model}`);
    },
    modelOf: (table) => byTable.get(table),
    modelFor(codename) {
      const info = registry.get(codename);
      const model = byModel.get(`${info.appLabel}.${info.model}`);
      if (model === undefined) throw new Error(`no model for '${codename}'`); // unreachable: get() knows it
      return model;
    },
    suggest: (value) => suggestCodenames(value, all),
  };
  return Object.assign(registry, { $codename: undefined as unknown as C });
}

const APP_LABEL = /^[a-z][a-z0-9_]*$/;
const NAME = /^[a-z0-9_]+$/;
