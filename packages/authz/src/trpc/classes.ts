import type { CodenameArg, MutationArg } from '../codename-arg.js';
import type { AnyTable, AppTables, DefaultAction } from '../codenames.js';
import { ObjectHiddenError } from '../errors.js';
import type { RowOf } from '../object-perms.js';
import type { Registry } from '../registry.js';
import { and, not, or } from './composition.js';
import {
  isSafe,
  isWriteAction,
  type PermissionClass,
  type PermissionRequest,
  type ProcedureKind,
  permissionClass,
  takingObjects,
  union,
} from './permission-class.js';

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

  /** The owner column of a table, read from the registry, and the test of one row against it. */
  const ownership = (table: AnyTable) => {
    const model = registry.modelOf(table);
    const owner = registry.owners.find((o) => o.table === table);
    if (model === undefined || owner === undefined) {
      const name = model === undefined ? 'this table' : `${model.appLabel}.${model.model}`;
      throw new Error(
        `${name} declares no owner column: name it in defineModels(…, { owners: { '${name}': '<column>' } })`,
      );
    }
    return {
      name: `${owner.appLabel}.${owner.model}`,
      // The row was checked against the table before any hook ran (it is a whole row of it).
      test: (req: PermissionRequest<C>, row: unknown) =>
        req.user !== null &&
        typeof row === 'object' &&
        row !== null &&
        Reflect.get(row, owner.field) === req.user.id,
    };
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
      impliesStaff: true,
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
    ): PermissionClass<C, true, RowOf<T> | string | number | bigint> {
      const view = registry.codenameOf(table, 'view');
      const creates = (type: ProcedureKind) => !isSafe(type) && options.mutation === 'add';
      const cls = permissionClass<C, true>({
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
            throw new ObjectHiddenError('not found');
          return false;
        },
      });
      return takingObjects(cls, [table]);
    },

    /**
     * The row's owner, for queries and mutations alike: the user named by the owner column that
     * `defineModels`' `owners` declares for `table` (an error at once if it declares none). The
     * object must be the row (`ctx.checkObject(row)`): a bare key proves no ownership.
     */
    isOwner<T extends Table>(table: T): PermissionClass<C, true, RowOf<T>> {
      const owns = ownership(table);
      return permissionClass<C, true, T>({
        describe: 'the owner',
        name: `isOwner(${owns.name})`,
        impliesAuthenticated: true,
        table,
        hasPermission: (req) => req.user !== null,
        hasObjectPermission: (req, row) => owns.test(req, row),
      });
    },

    /**
     * DRF's IsOwnerOrReadOnly: model level, any user; object level, queries pass and mutations need
     * the row's owner (as `isOwner`). Under `or` with an object class it would show every row to
     * everyone (its reads pass), so guard reads with `isOwner` instead.
     */
    isOwnerOrReadOnly<T extends Table>(table: T): PermissionClass<C, true, RowOf<T>> {
      const owns = ownership(table);
      return permissionClass<C, true, T>({
        describe: (type) => (isSafe(type) ? 'an authenticated user' : 'the owner'),
        name: `isOwnerOrReadOnly(${owns.name})`,
        impliesAuthenticated: true,
        table,
        hasPermission: (req) => req.user !== null,
        hasObjectPermission: (req, row) => isSafe(req.type) || owns.test(req, row),
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
