import type { LoadedPermissions } from '../authz.js';
import type { AnyTable, DefaultAction } from '../codenames.js';
import { WrongModelError } from '../errors.js';
import { isRowOf, type RowOf } from '../object-perms.js';
import type { AuthUser, ObjectRef } from '../types.js';

export type ProcedureKind = 'query' | 'mutation' | 'subscription';

/** What a permission class sees: DRF's `request` (user, method) plus the loaded permissions. */
export interface PermissionRequest<C extends string> {
  /** Null for anonymous and for inactive users (treated as not authenticated). */
  readonly user: AuthUser | null;
  /** Queries and subscriptions are DRF's safe methods; mutations are not. */
  readonly type: ProcedureKind;
  readonly perms: LoadedPermissions<C>;
  /** Object-level checks: does the user hold `codename` on this object (global grants count)? */
  hasObjectPerm(codename: C, object: ObjectRef): Promise<boolean>;
}

/**
 * A DRF permission class: a model-level hook (`has_permission`) and an object-level hook
 * (`has_object_permission`). `TAuth` is true when passing implies an authenticated user, which is
 * what lets the middleware narrow `ctx.user` to non-null. `TObject` is what `ctx.checkObject`
 * takes under it: a row of its table (and for `objectPermissions`, the row's key), or any object
 * for a class that names no table.
 */
export interface PermissionClass<
  C extends string,
  TAuth extends boolean = boolean,
  TObject = unknown,
> {
  /** Human description of what passes, for messages and procedure meta: `polls.add_question`. */
  describe(type: ProcedureKind): string;
  /**
   * What passing implies of the user: `authenticated` narrows `ctx.user`; `staff` (the class needs a
   * staff user, as `isAdminUser` does alone or under `and`) lets a refusal say so as data.
   */
  readonly implies: { authenticated: TAuth; staff: boolean };
  /** The class as an expression, for the permission manifest: `(isAdminUser | objectPermissions(shop.product, change))`. */
  readonly expression: string;
  /** The codenames a call of this kind can be asked for (which ones depends on the user and the object). */
  requires(type: ProcedureKind): readonly C[];
  /**
   * Whether a call of this kind that passed the model level still needs its object-level check:
   * the resolver must then call `ctx.checkObject(row)` (or filter with `ctx.objectsFor`), and a
   * resolver that did neither is refused (fail closed) instead of passing silently.
   */
  objectLevel(type: ProcedureKind): boolean;
  hasPermission(req: PermissionRequest<C>): boolean | Promise<boolean>;
  hasObjectPermission(req: PermissionRequest<C>, object: ObjectRef): boolean | Promise<boolean>;
  /**
   * The tables whose rows the object hook reads (none: it takes any object). `ctx.checkObject`
   * checks a row against each before any hook runs, so a row of another table, a joined row or a
   * partial one is refused on every branch, not only on the one that happens to read it.
   */
  readonly tables: readonly AnyTable[];
  /** Type only (never set): what `ctx.checkObject` takes under this class. */
  readonly $object?: TObject;
}

/** Queries and subscriptions are DRF's safe methods. */
export const isSafe = (type: ProcedureKind) => type !== 'mutation';
export const isWriteAction = (action: string): action is Exclude<DefaultAction, 'view'> =>
  action === 'add' || action === 'change' || action === 'delete';
export const union = <C extends string>(a: readonly C[], b: readonly C[]): readonly C[] => [
  ...new Set([...a, ...b]),
];

interface ClassSpec<C extends string, TAuth extends boolean> {
  describe: string | ((type: ProcedureKind) => string);
  impliesAuthenticated?: TAuth;
  /** Passing needs a staff user (default: no). */
  impliesStaff?: boolean;
  hasPermission?: (req: PermissionRequest<C>) => boolean | Promise<boolean>;
  objectLevel?: (type: ProcedureKind) => boolean;
  /** The name in the permission manifest; default: `permissionClass('<describe>')`. */
  name?: string;
  /** The codenames it checks, for the manifest; default: none. */
  requires?: (type: ProcedureKind) => readonly C[];
}

/**
 * Build a custom class; the object hook defaults to "yes", as in DRF's BasePermission. A class with
 * an object hook is object-level (its resolvers must run the check) unless `objectLevel` says for
 * which kinds of call it is. With `table`, its object hook gets rows of that table, typed: the
 * resolver's `ctx.checkObject(row)` takes a full row of it (`db.select().from(table)`), and anything
 * else, a key, a joined or a partial row, another table's row, does not compile, and from untyped
 * code is a `WrongModelError` before any hook runs.
 */
export function permissionClass<
  C extends string,
  TAuth extends boolean = false,
  T extends AnyTable = never,
>(
  spec: ClassSpec<C, TAuth> & {
    table: T;
    hasObjectPermission: (req: PermissionRequest<C>, row: RowOf<T>) => boolean | Promise<boolean>;
  },
): PermissionClass<C, TAuth, RowOf<T>>;
export function permissionClass<C extends string, TAuth extends boolean = false>(
  spec: ClassSpec<C, TAuth> & {
    table?: undefined;
    hasObjectPermission?: (
      req: PermissionRequest<C>,
      object: ObjectRef,
    ) => boolean | Promise<boolean>;
  },
): PermissionClass<C, TAuth>;
export function permissionClass<C extends string, TAuth extends boolean = false>(
  spec: ClassSpec<C, TAuth> & {
    table?: AnyTable;
    hasObjectPermission?: (
      req: PermissionRequest<C>,
      object: ObjectRef,
    ) => boolean | Promise<boolean>;
  },
): PermissionClass<C, TAuth> {
  const { describe, table } = spec;
  const hook = spec.hasObjectPermission;
  const describeAs = typeof describe === 'string' ? () => describe : describe;
  return {
    describe: describeAs,
    expression: spec.name ?? `permissionClass('${describeAs('query')}')`,
    requires: spec.requires ?? (() => []),
    implies: {
      authenticated: (spec.impliesAuthenticated ?? false) as TAuth,
      staff: spec.impliesStaff ?? false,
    },
    objectLevel: spec.objectLevel ?? (() => hook !== undefined),
    hasPermission: spec.hasPermission ?? (() => true),
    hasObjectPermission:
      hook === undefined
        ? () => true
        : table === undefined
          ? hook
          : (req, object) => {
              // checkObject checked rows already; a key is no row of the table.
              if (!isRowOf(table, object))
                throw new WrongModelError(
                  `${describeAs(req.type)} needs the row itself, not its key`,
                );
              return hook(req, object);
            },
    tables: table === undefined ? [] : [table],
  };
}

/**
 * `cls` as taking `TObject` at `ctx.checkObject`, its object hook reading rows of `tables` (which
 * checkObject checks rows against first). For built-in classes whose hooks take keys as well.
 */
export function takingObjects<C extends string, TAuth extends boolean, TObject>(
  cls: PermissionClass<C, TAuth>,
  tables: readonly AnyTable[],
): PermissionClass<C, TAuth, TObject> {
  const { describe, implies, expression, requires, objectLevel } = cls;
  const { hasPermission, hasObjectPermission } = cls;
  return {
    describe,
    implies,
    expression,
    requires,
    objectLevel,
    hasPermission,
    hasObjectPermission,
    tables,
  };
}

/** What an object check can read: a key, or an object (a row). */
export const isObjectRef = (value: unknown): value is ObjectRef =>
  typeof value === 'string' ||
  typeof value === 'number' ||
  typeof value === 'bigint' ||
  (typeof value === 'object' && value !== null);
