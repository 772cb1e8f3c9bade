import { type PermissionClass, union } from './permission-class.js';

/** Both sides' tables, once each: an object must be a row of every one (else no object fits). */
const tablesOf = <C extends string>(a: PermissionClass<C>, b: PermissionClass<C>) => [
  ...new Set([...a.tables, ...b.tables]),
];

/** DRF's `&`: both classes, at both levels. An object must suit both sides' object hooks. */
export function and<C extends string, A extends boolean, B extends boolean, OA, OB>(
  a: PermissionClass<C, A, OA>,
  b: PermissionClass<C, B, OB>,
): PermissionClass<C, A extends true ? true : B, OA & OB> {
  return {
    describe: (type) => `(${a.describe(type)} and ${b.describe(type)})`,
    implies: {
      authenticated: (a.implies.authenticated || b.implies.authenticated) as A extends true
        ? true
        : B,
      staff: a.implies.staff || b.implies.staff,
    },
    expression: `(${a.expression} & ${b.expression})`,
    requires: (type) => union(a.requires(type), b.requires(type)),
    objectLevel: (type) => a.objectLevel(type) || b.objectLevel(type),
    hasPermission: async (req) => (await a.hasPermission(req)) && b.hasPermission(req),
    hasObjectPermission: async (req, o) =>
      (await a.hasObjectPermission(req, o)) && b.hasObjectPermission(req, o),
    tables: tablesOf(a, b),
  };
}

/**
 * DRF's `|`. At object level a side counts only if it passed at model level too (DRF ≥ 3.14), so
 * `IsAdminUser | IsOwner` does not let a non-admin through on the admin side's object hook.
 */
export function or<C extends string, A extends boolean, B extends boolean, OA, OB>(
  a: PermissionClass<C, A, OA>,
  b: PermissionClass<C, B, OB>,
): PermissionClass<C, A extends true ? B : false, OA & OB> {
  return {
    describe: (type) => `(${a.describe(type)} or ${b.describe(type)})`,
    implies: {
      authenticated: (a.implies.authenticated && b.implies.authenticated) as A extends true
        ? B
        : false,
      staff: a.implies.staff && b.implies.staff,
    },
    expression: `(${a.expression} | ${b.expression})`,
    requires: (type) => union(a.requires(type), b.requires(type)),
    objectLevel: (type) => a.objectLevel(type) || b.objectLevel(type),
    hasPermission: async (req) => (await a.hasPermission(req)) || b.hasPermission(req),
    hasObjectPermission: async (req, o) =>
      ((await a.hasPermission(req)) && (await a.hasObjectPermission(req, o))) ||
      ((await b.hasPermission(req)) && b.hasObjectPermission(req, o)),
    tables: tablesOf(a, b),
  };
}

/** DRF's `~`: the opposite at both levels. Implies nothing about authentication. */
export function not<C extends string, O>(
  a: PermissionClass<C, boolean, O>,
): PermissionClass<C, false, O> {
  return {
    describe: (type) => `not ${a.describe(type)}`,
    implies: { authenticated: false, staff: false },
    expression: `~${a.expression}`,
    requires: (type) => a.requires(type),
    objectLevel: (type) => a.objectLevel(type),
    hasPermission: async (req) => !(await a.hasPermission(req)),
    hasObjectPermission: async (req, o) => !(await a.hasObjectPermission(req, o)),
    tables: a.tables,
  };
}
