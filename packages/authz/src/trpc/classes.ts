import type { LoadedPermissions } from '../authz.js';
import type { CodenameArg, MutationArg } from '../codename-arg.js';
import type { AnyTable, AppTables, DefaultAction } from '../codenames.js';
import type { Registry } from '../registry.js';
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

/** Thrown by an object-level hook when the user may not even know the object exists. */
export class ObjectHidden extends Error {
  override readonly name = 'ObjectHidden';
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

const isSafe = (type: ProcedureKind) => type !== 'mutation';
const isWriteAction = (action: string): action is Exclude<DefaultAction, 'view'> =>
  action === 'add' || action === 'change' || action === 'delete';
const union = <C extends string>(a: readonly C[], b: readonly C[]): readonly C[] => [
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

/** DRF's `&`: both classes, at both levels. */
export function and<C extends string, A extends boolean, B extends boolean>(
  a: PermissionClass<C, A>,
  b: PermissionClass<C, B>,
): PermissionClass<C, A extends true ? true : B> {
  return {
    describe: (type) => `(${a.describe(type)} and ${b.describe(type)})`,
    implies: {
      authenticated: (a.implies.authenticated || b.implies.authenticated) as A extends true
        ? true
        : B,
    },
    expression: `(${a.expression} & ${b.expression})`,
    requires: (type) => union(a.requires(type), b.requires(type)),
    objectLevel: (type) => a.objectLevel(type) || b.objectLevel(type),
    hasPermission: async (req) => (await a.hasPermission(req)) && b.hasPermission(req),
    hasObjectPermission: async (req, o) =>
      (await a.hasObjectPermission(req, o)) && b.hasObjectPermission(req, o),
  };
}

/**
 * DRF's `|`. At object level a side counts only if it passed at model level too (DRF ≥ 3.14), so
 * `IsAdminUser | IsOwner` does not let a non-admin through on the admin side's object hook.
 */
export function or<C extends string, A extends boolean, B extends boolean>(
  a: PermissionClass<C, A>,
  b: PermissionClass<C, B>,
): PermissionClass<C, A extends true ? B : false> {
  return {
    describe: (type) => `(${a.describe(type)} or ${b.describe(type)})`,
    implies: {
      authenticated: (a.implies.authenticated && b.implies.authenticated) as A extends true
        ? B
        : false,
    },
    expression: `(${a.expression} | ${b.expression})`,
    requires: (type) => union(a.requires(type), b.requires(type)),
    objectLevel: (type) => a.objectLevel(type) || b.objectLevel(type),
    hasPermission: async (req) => (await a.hasPermission(req)) || b.hasPermission(req),
    hasObjectPermission: async (req, o) =>
      ((await a.hasPermission(req)) && (await a.hasObjectPermission(req, o))) ||
      ((await b.hasPermission(req)) && b.hasObjectPermission(req, o)),
  };
}

/** DRF's `~`: the opposite at both levels. Implies nothing about authentication. */
export function not<C extends string>(a: PermissionClass<C>): PermissionClass<C, false> {
  return {
    describe: (type) => `not ${a.describe(type)}`,
    implies: { authenticated: false },
    expression: `~${a.expression}`,
    requires: (type) => a.requires(type),
    objectLevel: (type) => a.objectLevel(type),
    hasPermission: async (req) => !(await a.hasPermission(req)),
    hasObjectPermission: async (req, o) => !(await a.hasObjectPermission(req, o)),
  };
}

export type ModelAction<C extends string> = Exclude<DefaultAction, 'view'> | C;

export interface ModelPermissionOptions<C extends string, M extends string = ModelAction<C>> {
  /** What a mutation needs: `add`, `change`, `delete` on the table's model, or any codename. */
  mutation: MutationArg<M, C>;
  /**
   * What a query needs. Default `view` (the model's view permission, as Django admin does);
   * `nothing` is DRF's DjangoModelPermissions behaviour (GET asks for no permission).
   */
  query?: 'view' | 'nothing';
}

/**
 * The DRF classes, typed by one registry, so every codename they take is checked.
 *
 * @example
 * ```ts
 * const p = permissionClasses(registry);
 * p.modelPermissions(question, { mutation: 'add' }); // queries: view_question; this mutation: add_question
 * p.or(p.isAdminUser, p.objectPermissions(question, { mutation: 'change' }));
 * p.permissionRequired('polls.can_vote'); // 'polls.can_add' does not compile
 * ```
 */
export function permissionClasses<TApps extends AppTables, C extends string>(
  registry: Registry<TApps, C>,
) {
  type Table = TApps[keyof TApps][string];

  // The options as the class factories received them: `mutation` typed by the literal passed
  // (`MutationArg`), a string here, validated by `toCodename`.
  type Options = { readonly mutation: string; readonly query?: 'view' | 'nothing' };

  const required = (table: AnyTable, options: Options, type: ProcedureKind): C | null => {
    if (isSafe(type))
      return options.query === 'nothing' ? null : registry.codenameOf(table, 'view');
    const { mutation } = options;
    return isWriteAction(mutation)
      ? registry.codenameOf(table, mutation)
      : registry.toCodename(mutation);
  };

  const required1 = (table: AnyTable, options: Options, type: ProcedureKind) => {
    const codename = required(table, options, type);
    return codename === null ? [] : [codename];
  };
  /** `shop.product, change` (and `, query: nothing` for DRF's read option), for the manifest. */
  const args = (table: AnyTable, options: Options) => {
    const model = registry.modelOf(table);
    const name = model === undefined ? '?' : `${model.appLabel}.${model.model}`;
    return `${name}, ${options.mutation}${options.query === 'nothing' ? ', query: nothing' : ''}`;
  };

  const allowAny = permissionClass<C>({ describe: 'anyone', name: 'allowAny' });
  const isAuthenticated = permissionClass<C, true>({
    describe: 'an authenticated user',
    name: 'isAuthenticated',
    impliesAuthenticated: true,
    hasPermission: (req) => req.user !== null,
  });

  return {
    /** DRF AllowAny. */
    allowAny,
    /** DRF IsAuthenticated. */
    isAuthenticated,
    /** DRF IsAdminUser: `is_staff` (not superuser, as DRF). */
    isAdminUser: permissionClass<C, true>({
      describe: 'a staff user',
      name: 'isAdminUser',
      impliesAuthenticated: true,
      hasPermission: (req) => req.user?.isStaff === true,
    }),
    /** DRF IsAuthenticatedOrReadOnly: queries for anyone, mutations for users. */
    isAuthenticatedOrReadOnly: permissionClass<C>({
      describe: (type) => (isSafe(type) ? 'anyone' : 'an authenticated user'),
      name: 'isAuthenticatedOrReadOnly',
      hasPermission: (req) => isSafe(req.type) || req.user !== null,
    }),

    /** DRF DjangoModelPermissions, with `view_<model>` on queries by default. */
    modelPermissions<T extends Table, M extends string>(
      table: T,
      options: ModelPermissionOptions<C, M>,
    ) {
      return permissionClass<C, true>({
        describe: (type) => required(table, options, type) ?? 'an authenticated user',
        name: `modelPermissions(${args(table, options)})`,
        requires: (type) => required1(table, options, type),
        impliesAuthenticated: true,
        hasPermission: (req) => {
          if (req.user === null) return false;
          const codename = required(table, options, req.type);
          return codename === null || req.perms.has(codename);
        },
      });
    },

    /** DRF DjangoModelPermissionsOrAnonReadOnly: queries for anyone, mutations need the permission. */
    modelPermissionsOrAnonReadOnly<T extends Table, M extends string>(
      table: T,
      options: Omit<ModelPermissionOptions<C, M>, 'query'>,
    ) {
      return permissionClass<C>({
        describe: (type) => (isSafe(type) ? 'anyone' : (required(table, options, type) ?? '')),
        name: `modelPermissionsOrAnonReadOnly(${args(table, options)})`,
        requires: (type) => (isSafe(type) ? [] : required1(table, options, type)),
        hasPermission: (req) => {
          if (isSafe(req.type)) return true;
          const codename = required(table, options, req.type);
          return req.user !== null && (codename === null || req.perms.has(codename));
        },
      });
    },

    /**
     * DRF DjangoObjectPermissions, with global grants covering every object: the model level asks
     * for a user, the object level for the permission on that object. A user who may not even view
     * the object gets NOT_FOUND (existence does not leak), as do safe requests. A create
     * (`mutation: 'add'`) has no object to check, so it needs the global `add_<model>` grant at
     * model level; DRF, asking only for a user there, lets everyone create.
     */
    objectPermissions<T extends Table, M extends string>(
      table: T,
      options: ModelPermissionOptions<C, M>,
    ) {
      const view = registry.codenameOf(table, 'view');
      const creates = (type: ProcedureKind) => !isSafe(type) && options.mutation === 'add';
      return permissionClass<C, true>({
        describe: (type) =>
          creates(type)
            ? (required(table, options, type) ?? '')
            : `${required(table, options, type) ?? 'an authenticated user'} on the object`,
        name: `objectPermissions(${args(table, options)})`,
        // A mutation the user may not do on an object they may not view is answered from `view`.
        requires: (type) =>
          creates(type) || isSafe(type)
            ? required1(table, options, type)
            : union(required1(table, options, type), [view]),
        impliesAuthenticated: true,
        objectLevel: (type) =>
          isSafe(type) ? options.query !== 'nothing' : options.mutation !== 'add',
        hasPermission: (req) => {
          if (req.user === null) return false;
          const codename = required(table, options, req.type);
          return !creates(req.type) || (codename !== null && req.perms.has(codename));
        },
        hasObjectPermission: async (req, object) => {
          const codename = required(table, options, req.type);
          if (codename === null || (await req.hasObjectPerm(codename, object))) return true;
          // With DRF's read option every user may read every object, so hiding it would be a lie.
          if (options.query === 'nothing') return false;
          if (isSafe(req.type) || !(await req.hasObjectPerm(view, object)))
            throw new ObjectHidden();
          return false;
        },
      });
    },

    /** Django's `permission_required('polls.can_vote')`: one explicit, type-checked codename. */
    permissionRequired<K extends string>(name: CodenameArg<K, C>) {
      const codename = registry.toCodename(name);
      return permissionClass<C, true>({
        describe: codename,
        name: `permissionRequired(${codename})`,
        requires: () => [codename],
        impliesAuthenticated: true,
        hasPermission: (req) => req.user !== null && req.perms.has(codename),
      });
    },

    and,
    or,
    not: (a: PermissionClass<C>) => not(a),
  };
}
