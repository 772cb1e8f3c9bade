import type { DrfAnswer, Operation, UserKind } from './drf-matrix.js';

// A model of what DRF 3.14 (rest_framework/permissions.py, views.py) does with Django's
// ModelBackend and django-guardian's ObjectPermissionBackend, small enough to read against the
// source. It derives the DRF column of test/drf-matrix.ts a second way, so a slip in the
// hand-written table fails a test instead of reaching docs/drf-parity.md.

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const SAFE: readonly Method[] = ['GET'];

/** `request.user`: AnonymousUser for anonymous and inactive callers (ModelBackend drops them). */
export interface DrfUser {
  readonly authenticated: boolean;
  readonly isStaff: boolean;
  readonly isSuperuser: boolean;
  /** Model grants, the user's and their groups'. */
  readonly perms: ReadonlySet<string>;
  /** Guardian's object grants on the one object of the matrix (product 1). */
  readonly objectPerms: ReadonlySet<string>;
}

/** `user.has_perm(perm, obj)`: superusers hold everything; ModelBackend answers False for an
 * object, guardian False without one. */
function hasPerm(user: DrfUser, perm: string, withObject: boolean): boolean {
  if (!user.authenticated) return false;
  if (user.isSuperuser) return true;
  return withObject ? user.objectPerms.has(perm) : user.perms.has(perm);
}
const hasPerms = (user: DrfUser, perms: readonly string[], withObject: boolean) =>
  perms.every((perm) => hasPerm(user, perm, withObject));

/** DRF raises Http404 from `has_object_permission` to hide an object. */
class Http404 extends Error {}

export interface DrfClass {
  hasPermission(user: DrfUser, method: Method): boolean;
  hasObjectPermission(user: DrfUser, method: Method): boolean;
}

const base = (hasPermission: DrfClass['hasPermission']): DrfClass => ({
  hasPermission,
  hasObjectPermission: () => true,
});

export const AllowAny = base(() => true);
export const IsAuthenticated = base((user) => user.authenticated);
export const IsAdminUser = base((user) => user.isStaff);
export const IsAuthenticatedOrReadOnly = base(
  (user, method) => SAFE.includes(method) || user.authenticated,
);

/** DjangoModelPermissions' default `perms_map` for `shop_product`. */
function required(method: Method): string[] {
  if (method === 'POST') return ['shop.add_product'];
  if (method === 'PUT') return ['shop.change_product'];
  if (method === 'DELETE') return ['shop.delete_product'];
  return [];
}

const modelPermissions = (authenticatedUsersOnly: boolean): DrfClass =>
  base(
    (user, method) =>
      (user.authenticated || !authenticatedUsersOnly) && hasPerms(user, required(method), false),
  );
export const DjangoModelPermissions = modelPermissions(true);
export const DjangoModelPermissionsOrAnonReadOnly = modelPermissions(false);

/** Inherits DjangoModelPermissions' `has_permission`; the object check asks guardian. */
export const DjangoObjectPermissions: DrfClass = {
  hasPermission: DjangoModelPermissions.hasPermission,
  hasObjectPermission(user, method) {
    if (hasPerms(user, required(method), true)) return true;
    if (SAFE.includes(method) || !hasPerms(user, required('GET'), true)) throw new Http404();
    return false;
  },
};

/** A class whose `has_permission` is `request.user.has_perm(codename)`. */
export const HasPerm = (codename: string) => base((user) => hasPerm(user, codename, false));

export const And = (a: DrfClass, b: DrfClass): DrfClass => ({
  hasPermission: (u, m) => a.hasPermission(u, m) && b.hasPermission(u, m),
  hasObjectPermission: (u, m) => a.hasObjectPermission(u, m) && b.hasObjectPermission(u, m),
});
/** 3.14's OR: a side counts at object level only if it passed at model level. */
export const Or = (a: DrfClass, b: DrfClass): DrfClass => ({
  hasPermission: (u, m) => a.hasPermission(u, m) || b.hasPermission(u, m),
  hasObjectPermission: (u, m) =>
    (a.hasPermission(u, m) && a.hasObjectPermission(u, m)) ||
    (b.hasPermission(u, m) && b.hasObjectPermission(u, m)),
});
export const Not = (a: DrfClass): DrfClass => ({
  hasPermission: (u, m) => !a.hasPermission(u, m),
  hasObjectPermission: (u, m) => !a.hasObjectPermission(u, m),
});

const FIVE = [
  'shop.view_product',
  'shop.add_product',
  'shop.change_product',
  'shop.delete_product',
  'shop.can_publish',
];
const none = new Set<string>();
const anonymous: DrfUser = {
  authenticated: false,
  isStaff: false,
  isSuperuser: false,
  perms: none,
  objectPerms: none,
};
const user = (fields: Partial<DrfUser>): DrfUser => ({
  ...anonymous,
  authenticated: true,
  ...fields,
});

export const DRF_USERS: Record<UserKind, DrfUser> = {
  anonymous,
  inactive: anonymous,
  plain: user({}),
  staff: user({ isStaff: true }),
  superuser: user({ isStaff: true, isSuperuser: true }),
  'model-grant': user({ perms: new Set(FIVE) }),
  'group-grant': user({ perms: new Set(FIVE) }),
  'object-grant': user({ objectPerms: new Set(FIVE) }),
  'object-viewer': user({ objectPerms: new Set(['shop.view_product']) }),
};

const METHODS: Record<Operation, Method> = {
  list: 'GET',
  get: 'GET',
  create: 'POST',
  update: 'PUT',
  delete: 'DELETE',
};

/**
 * A ModelViewSet over a table of `rows` rows (the 30 products; the scoped matrix's 12 tasks):
 * `check_permissions` first, then for a single object `get_object()` → `check_object_permissions`.
 * A denial is NotAuthenticated (403 under sessions) without an authenticated user, else
 * PermissionDenied; Http404 passes through.
 */
export function drfAnswer(
  cls: DrfClass,
  user: DrfUser,
  operation: Operation,
  rows = 30,
): DrfAnswer {
  const method = METHODS[operation];
  const denied = user.authenticated ? '403' : '403*';
  if (!cls.hasPermission(user, method)) return denied;
  if (operation === 'list') return `ok:${rows}`;
  if (operation === 'create') return 'ok';
  try {
    return cls.hasObjectPermission(user, method) ? 'ok' : denied;
  } catch (error) {
    if (error instanceof Http404) return '404';
    throw error;
  }
}
