import type { LoadedPermissions } from '../authz.js';
import type { DefaultAction } from '../codenames.js';
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
 * what lets the middleware narrow `ctx.user` to non-null.
 */
export interface PermissionClass<C extends string, TAuth extends boolean = boolean> {
  /** Human description of what passes, for messages and procedure meta: `polls.add_question`. */
  describe(type: ProcedureKind): string;
  readonly implies: { authenticated: TAuth };
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
}

/** Queries and subscriptions are DRF's safe methods. */
export const isSafe = (type: ProcedureKind) => type !== 'mutation';
export const isWriteAction = (action: string): action is Exclude<DefaultAction, 'view'> =>
  action === 'add' || action === 'change' || action === 'delete';
export const union = <C extends string>(a: readonly C[], b: readonly C[]): readonly C[] => [
  ...new Set([...a, ...b]),
];

/**
 * Build a custom class; the object hook defaults to "yes", as in DRF's BasePermission. A class with
 * an object hook is object-level (its resolvers must run the check) unless `objectLevel` says for
 * which kinds of call it is.
 */
export function permissionClass<C extends string, TAuth extends boolean = false>(spec: {
  describe: string | ((type: ProcedureKind) => string);
  impliesAuthenticated?: TAuth;
  hasPermission?: (req: PermissionRequest<C>) => boolean | Promise<boolean>;
  hasObjectPermission?: (
    req: PermissionRequest<C>,
    object: ObjectRef,
  ) => boolean | Promise<boolean>;
  objectLevel?: (type: ProcedureKind) => boolean;
  /** The name in the permission manifest; default: `permissionClass('<describe>')`. */
  name?: string;
  /** The codenames it checks, for the manifest; default: none. */
  requires?: (type: ProcedureKind) => readonly C[];
}): PermissionClass<C, TAuth> {
  const { describe } = spec;
  const hasObjectHook = spec.hasObjectPermission !== undefined;
  const describeAs = typeof describe === 'string' ? () => describe : describe;
  return {
    describe: describeAs,
    expression: spec.name ?? `permissionClass('${describeAs('query')}')`,
    requires: spec.requires ?? (() => []),
    implies: { authenticated: (spec.impliesAuthenticated ?? false) as TAuth },
    objectLevel: spec.objectLevel ?? (() => hasObjectHook),
    hasPermission: spec.hasPermission ?? (() => true),
    hasObjectPermission: spec.hasObjectPermission ?? (() => true),
  };
}
