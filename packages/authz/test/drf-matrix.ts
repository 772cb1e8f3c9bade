import { TRPCError } from '@trpc/server';
import { permissionClasses } from '../src/trpc/classes.js';
import type { PermissionClass } from '../src/trpc/permission-class.js';
import type { DrfClass } from './drf-model.js';
import * as drf from './drf-model.js';
import { type Codename, product, registry } from './fixture.js';

// The DRF matrix as data: every permission class (and the compositions adopters reach for) ×
// every operation × every kind of user, with Warden's expected outcome beside DRF's answer. The
// test (test/drf-matrix.test.ts) runs Warden's column on both backends, and docs/drf-parity.md
// is rendered from it (test/drf-parity-doc.ts), so the page cannot claim what the code does not do.
// Issue 14: a create under objectPermissions passed for everyone because only `change` was tested.

/** Who calls, in the order of the tables. `describe` is what the doc says they hold. */
export const USER_KINDS = [
  'anonymous',
  'inactive',
  'plain',
  'staff',
  'superuser',
  'model-grant',
  'group-grant',
  'object-grant',
  'object-viewer',
] as const;
export type UserKind = (typeof USER_KINDS)[number];

export const USER_DESCRIPTIONS: Record<UserKind, string> = {
  anonymous: 'no user',
  inactive: '`is_active = false`, `is_staff`, and the five grants of model-grant',
  plain: 'no grants',
  staff: '`is_staff`',
  superuser: '`is_superuser` and `is_staff`',
  'model-grant':
    'user grants `view_product`, `add_product`, `change_product`, `delete_product`, `can_publish`',
  'group-grant': 'the same five grants through the group `editors`',
  'object-grant':
    'the same five as object grants on product 1 only (so `add_product` on an object, which names no create)',
  'object-viewer': '`view_product` on product 1 only',
};

/**
 * The five operations, written as the docs tell an adopter to write them on `shop_product`: list
 * (filtered with `ctx.objectsFor('shop.view_product')` when the class owes an object check
 * on queries, else every row), get (`ctx.checkObject` on product 1), create (the class built with
 * `{ mutation: 'add' }`, no object), update and delete (`change` / `delete`, `ctx.checkObject` on
 * product 1).
 */
export const OPERATIONS = ['list', 'get', 'create', 'update', 'delete'] as const;
export type Operation = (typeof OPERATIONS)[number];
export type Mutation = 'add' | 'change' | 'delete';

/** A procedure's answer: the tRPC error code, or OK (with the number of rows for a list). */
export type Outcome = 'OK' | `OK:${number}` | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND';
/**
 * DRF's answer under SessionAuthentication: `ok` is the view's success status (200, 201 for a
 * create, 204 for a delete), `ok:n` a list of n rows, `403*` NotAuthenticated (401 under token or
 * basic authentication, 403 under sessions, which send no WWW-Authenticate).
 */
export type DrfAnswer = 'ok' | `ok:${number}` | '403*' | '403' | '404';

/** One row of a table: the answer to list, get, create, update, delete, in that order. */
export type Row<T> = readonly [list: T, get: T, create: T, update: T, del: T];

/**
 * One class of a matrix: of this one by default (`UserKind`, the shop fixture's codenames); the
 * scoped matrix (test/scoped-matrix.ts) has kinds and codenames of its own.
 */
export interface MatrixEntry<K extends string = UserKind, C extends string = Codename> {
  /** DRF's name for the class or composition. */
  drf: string;
  /** How it is written with `permissionClasses(registry)`, for the doc. */
  warden: string;
  /** The class for a procedure; queries use the `change` build (a query ignores `mutation`). */
  make(mutation: Mutation): PermissionClass<C>;
  /** Whether the list filters with `ctx.objectsFor` (the class owes an object check on queries). */
  listFilters: boolean;
  outcomes: Record<K, Row<Outcome>>;
  drfAnswers: Record<K, Row<DrfAnswer>>;
  /** The DRF class in test/drf-model.ts, which derives `drfAnswers` a second way. */
  drfClass: DrfClass;
  /**
   * Every cell where Warden differs from DRF, other than UNAUTHORIZED for DRF's 403* (#2, which
   * holds in every table): the numbers of docs/django-differences.md that explain it. The test
   * fails on a difference without a reason, and on a reason without a difference.
   */
  deviations: Partial<Record<K, Partial<Record<Operation, readonly number[]>>>>;
  /** Prose rendered under the heading: what the table shows that a reader could miss. */
  notes: readonly string[];
}

const p = permissionClasses(registry);

const U = 'UNAUTHORIZED';
const F = 'FORBIDDEN';
const N = 'NOT_FOUND';
/** DRF's NotAuthenticated under SessionAuthentication. */
const NA = '403*';

/** Rows for everyone but the two unauthenticated kinds, which are given separately. */
function rows<T>(
  anonymous: Row<T>,
  rest: Record<Exclude<UserKind, 'anonymous' | 'inactive'>, Row<T>>,
): Record<UserKind, Row<T>> {
  // Inactive users count as not authenticated on both sides (Django's ModelBackend does not
  // restore their session; Warden's middleware turns them into null), whatever they hold.
  return { anonymous, inactive: anonymous, ...rest };
}

/** The same row for every authenticated kind. */
function same<T>(row: Row<T>): Record<Exclude<UserKind, 'anonymous' | 'inactive'>, Row<T>> {
  return {
    plain: row,
    staff: row,
    superuser: row,
    'model-grant': row,
    'group-grant': row,
    'object-grant': row,
    'object-viewer': row,
  };
}

const ALL_OK: Row<Outcome> = ['OK:30', 'OK', 'OK', 'OK', 'OK'];
const ALL_U: Row<Outcome> = [U, U, U, U, U];
const ALL_F: Row<Outcome> = [F, F, F, F, F];
const DRF_OK: Row<DrfAnswer> = ['ok:30', 'ok', 'ok', 'ok', 'ok'];
const DRF_NA: Row<DrfAnswer> = [NA, NA, NA, NA, NA];
const DRF_403: Row<DrfAnswer> = ['403', '403', '403', '403', '403'];

/** Model permissions, DRF's way: reads need nothing, writes need the model grant. */
const DRF_MODEL = rows<DrfAnswer>(DRF_NA, {
  plain: ['ok:30', 'ok', '403', '403', '403'],
  staff: ['ok:30', 'ok', '403', '403', '403'],
  superuser: DRF_OK,
  'model-grant': DRF_OK,
  'group-grant': DRF_OK,
  'object-grant': ['ok:30', 'ok', '403', '403', '403'],
  'object-viewer': ['ok:30', 'ok', '403', '403', '403'],
});

/**
 * DjangoObjectPermissions with guardian: `has_permission` is DjangoModelPermissions' (reads need
 * nothing, POST needs `add_product`, PUT `change_`, DELETE `delete_`), and the object check asks
 * guardian, which never lets a model grant count for an object. A user who passes the model level
 * with the model grant fails the object check, may read (GET needs nothing) and so gets 403.
 */
const DRF_OBJECT = rows<DrfAnswer>(DRF_NA, {
  plain: ['ok:30', 'ok', '403', '403', '403'],
  staff: ['ok:30', 'ok', '403', '403', '403'],
  superuser: DRF_OK,
  'model-grant': ['ok:30', 'ok', 'ok', '403', '403'],
  'group-grant': ['ok:30', 'ok', 'ok', '403', '403'],
  'object-grant': ['ok:30', 'ok', '403', '403', '403'],
  'object-viewer': ['ok:30', 'ok', '403', '403', '403'],
});

export const MATRIX: readonly MatrixEntry[] = [
  {
    drf: 'AllowAny',
    warden: 'allowAny',
    drfClass: drf.AllowAny,
    make: () => p.allowAny,
    listFilters: false,
    outcomes: rows(ALL_OK, same(ALL_OK)),
    drfAnswers: rows(DRF_OK, same(DRF_OK)),
    deviations: {},
    notes: [],
  },
  {
    drf: 'IsAuthenticated',
    warden: 'isAuthenticated',
    drfClass: drf.IsAuthenticated,
    make: () => p.isAuthenticated,
    listFilters: false,
    outcomes: rows(ALL_U, same(ALL_OK)),
    drfAnswers: rows(DRF_NA, same(DRF_OK)),
    deviations: {},
    notes: [],
  },
  {
    drf: 'IsAdminUser',
    warden: 'isAdminUser',
    drfClass: drf.IsAdminUser,
    make: () => p.isAdminUser,
    listFilters: false,
    outcomes: rows(ALL_U, {
      ...same(ALL_F),
      staff: ALL_OK,
      superuser: ALL_OK,
    }),
    drfAnswers: rows(DRF_NA, { ...same(DRF_403), staff: DRF_OK, superuser: DRF_OK }),
    deviations: {},
    notes: [
      'The class checks `is_staff`, not `is_superuser`, as DRF does: the superuser passes because it is also staff; the inactive user is staff too, and does not.',
    ],
  },
  {
    drf: 'IsAuthenticatedOrReadOnly',
    warden: 'isAuthenticatedOrReadOnly',
    drfClass: drf.IsAuthenticatedOrReadOnly,
    make: () => p.isAuthenticatedOrReadOnly,
    listFilters: false,
    outcomes: rows(['OK:30', 'OK', U, U, U], same(ALL_OK)),
    drfAnswers: rows(['ok:30', 'ok', NA, NA, NA], same(DRF_OK)),
    deviations: {},
    notes: [],
  },
  {
    drf: 'DjangoModelPermissions',
    warden: 'modelPermissions(product, { mutation })',
    drfClass: drf.DjangoModelPermissions,
    make: (mutation) => p.modelPermissions(product, { mutation }),
    listFilters: false,
    outcomes: rows(ALL_U, {
      ...same(ALL_F),
      superuser: ALL_OK,
      'model-grant': ALL_OK,
      'group-grant': ALL_OK,
    }),
    drfAnswers: DRF_MODEL,
    deviations: {
      plain: { list: [1], get: [1] },
      staff: { list: [1], get: [1] },
      'object-grant': { list: [1], get: [1] },
      'object-viewer': { list: [1], get: [1] },
    },
    notes: [
      "Warden's queries need `shop.view_product`; DRF's GET asks for nothing. Object grants never count at model level, on either side.",
    ],
  },
  {
    drf: 'DjangoModelPermissions, DRF reads',
    warden: "modelPermissions(product, { mutation, query: 'nothing' })",
    drfClass: drf.DjangoModelPermissions,
    make: (mutation) => p.modelPermissions(product, { mutation, query: 'nothing' }),
    listFilters: false,
    outcomes: rows(ALL_U, {
      plain: ['OK:30', 'OK', F, F, F],
      staff: ['OK:30', 'OK', F, F, F],
      superuser: ALL_OK,
      'model-grant': ALL_OK,
      'group-grant': ALL_OK,
      'object-grant': ['OK:30', 'OK', F, F, F],
      'object-viewer': ['OK:30', 'OK', F, F, F],
    }),
    drfAnswers: DRF_MODEL,
    deviations: {},
    notes: ["This option gives DRF's own GET behaviour. Queries still need an authenticated user."],
  },
  {
    drf: 'DjangoModelPermissionsOrAnonReadOnly',
    warden: 'modelPermissionsOrAnonReadOnly(product, { mutation })',
    drfClass: drf.DjangoModelPermissionsOrAnonReadOnly,
    make: (mutation) => p.modelPermissionsOrAnonReadOnly(product, { mutation }),
    listFilters: false,
    outcomes: rows(['OK:30', 'OK', U, U, U], {
      plain: ['OK:30', 'OK', F, F, F],
      staff: ['OK:30', 'OK', F, F, F],
      superuser: ALL_OK,
      'model-grant': ALL_OK,
      'group-grant': ALL_OK,
      'object-grant': ['OK:30', 'OK', F, F, F],
      'object-viewer': ['OK:30', 'OK', F, F, F],
    }),
    drfAnswers: rows(['ok:30', 'ok', NA, NA, NA], {
      plain: ['ok:30', 'ok', '403', '403', '403'],
      staff: ['ok:30', 'ok', '403', '403', '403'],
      superuser: DRF_OK,
      'model-grant': DRF_OK,
      'group-grant': DRF_OK,
      'object-grant': ['ok:30', 'ok', '403', '403', '403'],
      'object-viewer': ['ok:30', 'ok', '403', '403', '403'],
    }),
    deviations: {},
    notes: [
      "The only differences from DRF are the #2 cells. Difference #9 explains why this class's queries ignore #1.",
    ],
  },
  {
    drf: 'DjangoObjectPermissions',
    warden: 'objectPermissions(product, { mutation })',
    drfClass: drf.DjangoObjectPermissions,
    make: (mutation) => p.objectPermissions(product, { mutation }),
    listFilters: true,
    outcomes: rows(ALL_U, {
      plain: ['OK:0', N, F, N, N],
      staff: ['OK:0', N, F, N, N],
      superuser: ALL_OK,
      'model-grant': ALL_OK,
      'group-grant': ALL_OK,
      'object-grant': ['OK:1', 'OK', F, 'OK', 'OK'],
      'object-viewer': ['OK:1', 'OK', F, F, F],
    }),
    drfAnswers: DRF_OBJECT,
    deviations: {
      plain: { list: [4], get: [1], update: [3, 1], delete: [3, 1] },
      staff: { list: [4], get: [1], update: [3, 1], delete: [3, 1] },
      'model-grant': { update: [3], delete: [3] },
      'group-grant': { update: [3], delete: [3] },
      'object-grant': { list: [4], update: [3], delete: [3] },
      'object-viewer': { list: [4] },
    },
    notes: [
      "Warden's check: at model level a user (and, for a create, the global `add_product` grant); at object level `view_product` (queries) or the mutation's permission on the object, where a global grant counts. A failure is `NOT_FOUND` on a query, or on a mutation by a user who may not view the object, else `FORBIDDEN`.",
      "DRF's check: at model level DjangoModelPermissions' (nothing for GET, `add_product` for POST, `change_` for PUT, `delete_` for DELETE); at object level guardian's object grant, which a model grant never satisfies. A failure is `Http404` on GET or when the user may not read the object (GET needs nothing, so every user may), else 403.",
      "DRF's 403s on update and delete: plain, staff, object-grant and object-viewer fail at model level (no model grant); model-grant and group-grant pass it, then guardian ignores their model grant on the object, and as they may read it the answer is 403, not 404.",
      "**The create rule:** a create (`mutation: 'add'`) has no object to check, so it needs the global `shop.add_product` grant, directly or through a group. An object grant of `add_product` (object-grant) names an object, which a create does not have, and does not count. DRF answers the same: its POST needs `add_product` at model level.",
      "The list filters with `ctx.objectsFor('shop.view_product')`: object-grant and object-viewer see product 1 only, plain and staff nothing, where DRF lists every row (#4).",
    ],
  },
  {
    drf: 'DjangoObjectPermissions, DRF reads',
    warden: "objectPermissions(product, { mutation, query: 'nothing' })",
    drfClass: drf.DjangoObjectPermissions,
    make: (mutation) => p.objectPermissions(product, { mutation, query: 'nothing' }),
    // Under the read option every user may read every object, so a query owes no object check
    // and the list shows every row, as `get` does.
    listFilters: false,
    outcomes: rows(ALL_U, {
      plain: ['OK:30', 'OK', F, F, F],
      staff: ['OK:30', 'OK', F, F, F],
      superuser: ALL_OK,
      'model-grant': ALL_OK,
      'group-grant': ALL_OK,
      'object-grant': ['OK:30', 'OK', F, 'OK', 'OK'],
      'object-viewer': ['OK:30', 'OK', F, F, F],
    }),
    drfAnswers: DRF_OBJECT,
    deviations: {
      'model-grant': { update: [3], delete: [3] },
      'group-grant': { update: [3], delete: [3] },
      'object-grant': { update: [3], delete: [3] },
    },
    notes: [
      'Reads need only a user, as in DRF. **Update and delete on an object the user may read but not change or delete are `FORBIDDEN`**, never `NOT_FOUND`: under this option every object is readable, so hiding it would be a lie. DRF answers 403 too (at model level for plain, staff, object-viewer).',
      'A create follows the create rule above: the global `add_product` grant.',
      'The list does not filter: a filter on `view_product` would hide rows that `get` shows.',
    ],
  },
  {
    drf: "`permission_required('shop.can_publish')`",
    warden: "permissionRequired('shop.can_publish')",
    drfClass: drf.HasPerm('shop.can_publish'),
    make: () => p.permissionRequired('shop.can_publish'),
    listFilters: false,
    outcomes: rows(ALL_U, {
      ...same(ALL_F),
      superuser: ALL_OK,
      'model-grant': ALL_OK,
      'group-grant': ALL_OK,
    }),
    drfAnswers: rows(DRF_NA, {
      ...same(DRF_403),
      superuser: DRF_OK,
      'model-grant': DRF_OK,
      'group-grant': DRF_OK,
    }),
    deviations: {},
    notes: [
      "DRF has no such class. The DRF column is for a class whose `has_permission` returns `request.user.has_perm('shop.can_publish')`; Django's decorator itself redirects to the login page, or returns 403 with `raise_exception=True`. The object grant of `can_publish` counts on neither side: the check names no object.",
    ],
  },
  {
    drf: 'IsAdminUser | DjangoObjectPermissions',
    warden: 'or(isAdminUser, objectPermissions(product, { mutation }))',
    drfClass: drf.Or(drf.IsAdminUser, drf.DjangoObjectPermissions),
    make: (mutation) => p.or(p.isAdminUser, p.objectPermissions(product, { mutation })),
    listFilters: true,
    outcomes: rows(ALL_U, {
      plain: ['OK:0', N, F, N, N],
      staff: ['OK:0', 'OK', 'OK', 'OK', 'OK'],
      superuser: ALL_OK,
      'model-grant': ALL_OK,
      'group-grant': ALL_OK,
      'object-grant': ['OK:1', 'OK', F, 'OK', 'OK'],
      'object-viewer': ['OK:1', 'OK', F, F, F],
    }),
    drfAnswers: rows(DRF_NA, {
      plain: ['ok:30', 'ok', '403', '403', '403'],
      staff: DRF_OK,
      superuser: DRF_OK,
      'model-grant': ['ok:30', 'ok', 'ok', '403', '403'],
      'group-grant': ['ok:30', 'ok', 'ok', '403', '403'],
      'object-grant': ['ok:30', 'ok', '403', '403', '403'],
      'object-viewer': ['ok:30', 'ok', '403', '403', '403'],
    }),
    deviations: {
      plain: { list: [4], get: [1], update: [3, 1], delete: [3, 1] },
      staff: { list: [4] },
      'model-grant': { update: [3], delete: [3] },
      'group-grant': { update: [3], delete: [3] },
      'object-grant': { list: [4], update: [3], delete: [3] },
      'object-viewer': { list: [4] },
    },
    notes: [
      'Staff pass every single-object call through the admin side, and create through it too; everyone else follows the create rule.',
      '**Open question:** staff list no rows, yet `get` shows them product 1. `ctx.objectsFor` filters by what the user holds (`view_product`), not by the guard, so the admin side of the `or` never reaches the list. An adopter has to write `ctx.user.isStaff ? all : ctx.objectsFor(…)` by hand.',
    ],
  },
  {
    drf: 'IsAuthenticated & ~IsAdminUser',
    warden: 'and(isAuthenticated, not(isAdminUser))',
    drfClass: drf.And(drf.IsAuthenticated, drf.Not(drf.IsAdminUser)),
    make: () => p.and(p.isAuthenticated, p.not(p.isAdminUser)),
    listFilters: false,
    outcomes: rows(ALL_U, {
      ...same(['OK:30', F, 'OK', F, F]),
      staff: ALL_F,
      superuser: ALL_F,
    }),
    drfAnswers: rows(DRF_NA, {
      ...same(['ok:30', '403', 'ok', '403', '403']),
      staff: DRF_403,
      superuser: DRF_403,
    }),
    deviations: {},
    notes: [
      'Every call that checks an object is `FORBIDDEN`, for every user: `~` inverts IsAdminUser\'s default object hook ("yes"), on both sides (see [Composition](#composition)). Lists and creates check no object and pass at model level.',
    ],
  },
  {
    drf: 'IsAdminUser | can_publish',
    warden: "or(isAdminUser, permissionRequired('shop.can_publish'))",
    drfClass: drf.Or(drf.IsAdminUser, drf.HasPerm('shop.can_publish')),
    make: () => p.or(p.isAdminUser, p.permissionRequired('shop.can_publish')),
    listFilters: false,
    outcomes: rows(ALL_U, {
      ...same(ALL_F),
      staff: ALL_OK,
      superuser: ALL_OK,
      'model-grant': ALL_OK,
      'group-grant': ALL_OK,
    }),
    drfAnswers: rows(DRF_NA, {
      ...same(DRF_403),
      staff: DRF_OK,
      superuser: DRF_OK,
      'model-grant': DRF_OK,
      'group-grant': DRF_OK,
    }),
    deviations: {},
    notes: [],
  },
  {
    drf: '~IsAuthenticated',
    warden: 'not(isAuthenticated)',
    drfClass: drf.Not(drf.IsAuthenticated),
    make: () => p.not(p.isAuthenticated),
    listFilters: false,
    outcomes: rows(['OK:30', U, 'OK', U, U], same(ALL_F)),
    drfAnswers: rows(['ok:30', NA, 'ok', NA, NA], same(DRF_403)),
    deviations: {},
    notes: [
      'An anonymous caller passes at model level and fails every object check (the inverted default "yes"); without a user that failure is `UNAUTHORIZED`, as DRF raises NotAuthenticated.',
    ],
  },
];

/** DRF's success status for an operation (ListModelMixin, CreateModelMixin…). */
export function drfSuccess(operation: Operation): 200 | 201 | 204 {
  return operation === 'create' ? 201 : operation === 'delete' ? 204 : 200;
}

/** Whether Warden's outcome is DRF's answer (UNAUTHORIZED never is: DRF answers 403*, #2). */
export function agrees(outcome: Outcome, answer: DrfAnswer): boolean {
  if (outcome === 'FORBIDDEN') return answer === '403';
  if (outcome === 'NOT_FOUND') return answer === '404';
  if (outcome === 'UNAUTHORIZED') return false;
  return answer === outcome.toLowerCase();
}

/** The deviations that explain a cell: the listed ones, or #2 for UNAUTHORIZED against 403*. */
export function deviationsOf<K extends string, C extends string>(
  entry: MatrixEntry<K, C>,
  user: K,
  operation: Operation,
): readonly number[] {
  const listed = entry.deviations[user]?.[operation] ?? [];
  const implied =
    cell(entry.outcomes[user], operation) === 'UNAUTHORIZED' &&
    cell(entry.drfAnswers[user], operation) === NA
      ? [2]
      : [];
  return [...implied, ...listed];
}

/** One operation's answer in a row. */
export function cell<T>(row: Row<T>, operation: Operation): T {
  const [list, get, create, update, del] = row;
  switch (operation) {
    case 'list':
      return list;
    case 'get':
      return get;
    case 'create':
      return create;
    case 'update':
      return update;
    case 'delete':
      return del;
  }
}

const DENIALS = ['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND'] as const;
const isDenial = (code: string): code is (typeof DENIALS)[number] =>
  DENIALS.some((denial) => denial === code);

/** A procedure call's outcome: OK (with the count a list returns), or its denial's code. */
export async function outcome(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    const result = await call();
    return typeof result === 'number' ? `OK:${result}` : 'OK';
  } catch (error) {
    if (error instanceof TRPCError && isDenial(error.code)) return error.code;
    throw error;
  }
}
