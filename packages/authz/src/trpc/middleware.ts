import { experimental_standaloneMiddleware, TRPCError } from '@trpc/server';
import type { SQL } from 'drizzle-orm';
import type { LoadedPermissions, MaybeUser } from '../authz';
import type { AnyTable } from '../codenames';
import type { AuthUser, ObjectRef } from '../types';
import {
  ObjectHidden,
  type PermissionClass,
  type PermissionRequest,
  type ProcedureKind,
} from './classes';

/**
 * What the middlewares need of `createAuthz()`'s result, by shape: any app's `Authz` is one,
 * whatever its tables, so no caller has to cast it to a wider app set.
 */
export interface PermissionSource<C extends string> {
  load(user: MaybeUser): Promise<LoadedPermissions<C>>;
  hasPermOn(user: MaybeUser, codename: C, object?: ObjectRef): Promise<boolean>;
  objectsFor(user: MaybeUser, codename: C, table: AnyTable): Promise<SQL>;
}

/** What a protected procedure's resolver gets on top of its context. */
export interface PermissionContext<C extends string, TUser> {
  /** Narrowed to non-null when the class implies an authenticated user. */
  user: TUser;
  /** The user's permissions, loaded once for the request (usually primed by the session lookup). */
  permissions: LoadedPermissions<C>;
  /**
   * DRF's `check_object_permissions`: call it with the loaded object before acting on it. Throws
   * NOT_FOUND when the user may not even see the object, FORBIDDEN when they may see but not act.
   */
  checkObject(object: ObjectRef): Promise<void>;
  /**
   * `authz.objectsFor` for this user: the SQL condition selecting the rows they hold `codename` on.
   * A list under an object-level class filters with it, which counts as its object check.
   */
  objectsFor(codename: C, table: AnyTable): Promise<SQL>;
}

/**
 * What to do when a resolver under an object-level class never ran the object check: `throw` an
 * error naming the procedure (development and tests, so the mistake fails a test), or `forbid`
 * (production: the caller gets FORBIDDEN). Either way the call does not succeed.
 */
export type UncheckedObjectPolicy = 'throw' | 'forbid';

export interface ProtectOptions {
  /** Default: `forbid` when NODE_ENV is production, else `throw`. */
  uncheckedObject?: UncheckedObjectPolicy;
}

const defaultPolicy = (): UncheckedObjectPolicy =>
  globalThis.process?.env?.NODE_ENV === 'production' ? 'forbid' : 'throw';

/** Procedure meta: what the guard asks (for docs and clients) and the class itself (for canCall). */
export interface PermissionMeta {
  permission?: { query: string; mutation: string };
  // biome-ignore lint/suspicious/noExplicitAny: any registry's class
  guard?: PermissionClass<any>;
}

function denial(user: AuthUser | null, type: ProcedureKind, needs: string): TRPCError {
  return user === null
    ? new TRPCError({
        code: 'UNAUTHORIZED',
        message: `authentication required: this ${type} needs ${needs}`,
      })
    : new TRPCError({
        code: 'FORBIDDEN',
        message: `permission denied: this ${type} needs ${needs}`,
      });
}

/** Runs a class for one call; resolves with the context additions, or throws the tRPC error. */
async function check<C extends string, TUser extends AuthUser, TAuth extends boolean>(
  authz: PermissionSource<C>,
  cls: PermissionClass<C, TAuth>,
  raw: TUser | null | undefined,
  type: ProcedureKind,
): Promise<{
  ctx: PermissionContext<C, TAuth extends true ? TUser : TUser | null>;
  objectChecked: () => boolean;
}> {
  const user = raw?.isActive === true ? raw : null;
  const permissions = await authz.load(user);
  const req: PermissionRequest<C> = {
    user,
    type,
    perms: permissions,
    hasObjectPerm: (codename, object) => authz.hasPermOn(user, codename, object),
  };
  if (!(await cls.hasPermission(req))) throw denial(user, type, cls.describe(type));
  let objectChecked = false;
  const ctx: PermissionContext<C, TAuth extends true ? TUser : TUser | null> = {
    user: user as TAuth extends true ? TUser : TUser | null,
    permissions,
    checkObject: async (object) => {
      objectChecked = true;
      let ok: boolean;
      try {
        ok = await cls.hasObjectPermission(req, object);
      } catch (error) {
        if (error instanceof ObjectHidden)
          throw new TRPCError({ code: 'NOT_FOUND', message: 'not found' });
        throw error;
      }
      if (!ok) throw denial(user, type, cls.describe(type));
    },
    objectsFor: (codename, table) => {
      objectChecked = true;
      return authz.objectsFor(user, codename, table);
    },
  };
  return { ctx, objectChecked: () => objectChecked };
}

/**
 * Runs the resolver with the permission context; afterwards, an object-level class whose check the
 * resolver never ran fails the call (DESIGN: a guard with an object hook that was never used is an
 * error, not a pass). The resolver has run by then, so in development the error names the
 * procedure and fails the test that called it, long before production.
 */
async function guard<C extends string, TUser extends AuthUser, TAuth extends boolean, R>(
  opts: { path: string; type: ProcedureKind },
  checked: Awaited<ReturnType<typeof check<C, TUser, TAuth>>>,
  cls: PermissionClass<C, TAuth>,
  policy: UncheckedObjectPolicy,
  result: R & { ok: boolean },
): Promise<R> {
  if (!result.ok || !cls.objectLevel(opts.type) || checked.objectChecked()) return result;
  if (policy === 'forbid') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'permission denied' });
  }
  throw new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: `procedure '${opts.path}' is guarded by an object-level class (${cls.describe(opts.type)}) but its resolver never called ctx.checkObject(row) or ctx.objectsFor(…): the call was refused`,
  });
}

/**
 * Turns permission classes into tRPC middlewares for procedures whose context has
 * `user: TUser | null`. Inactive users count as anonymous. Not authenticated → UNAUTHORIZED;
 * authenticated but not allowed → FORBIDDEN, naming what was needed.
 */
export function createProtect<C extends string, TUser extends AuthUser>(
  authz: PermissionSource<C>,
  options: ProtectOptions = {},
) {
  const policy = options.uncheckedObject ?? defaultPolicy();
  return function protect<TAuth extends boolean>(cls: PermissionClass<C, TAuth>) {
    return experimental_standaloneMiddleware<{ ctx: { user: TUser | null | undefined } }>().create(
      async function checkPermissions(opts) {
        const checked = await check(authz, cls, opts.ctx.user, opts.type);
        return guard(opts, checked, cls, policy, await opts.next({ ctx: checked.ctx }));
      },
    );
  };
}

/** The same, for apps whose `authz` depends on the request (its database): read from `ctx.authz`. */
export function createContextProtect<C extends string, TUser extends AuthUser>(
  options: ProtectOptions = {},
) {
  const policy = options.uncheckedObject ?? defaultPolicy();
  return function protect<TAuth extends boolean>(cls: PermissionClass<C, TAuth>) {
    return experimental_standaloneMiddleware<{
      ctx: { user: TUser | null | undefined; authz: PermissionSource<C> };
    }>().create(async function checkPermissions(opts) {
      const checked = await check(opts.ctx.authz, cls, opts.ctx.user, opts.type);
      return guard(opts, checked, cls, policy, await opts.next({ ctx: checked.ctx }));
    });
  };
}

/** The meta to put on a procedure protected by `cls`, for clients and docs. */
export function permissionMeta<C extends string>(
  cls: PermissionClass<C>,
): Required<PermissionMeta> {
  return {
    permission: { query: cls.describe('query'), mutation: cls.describe('mutation') },
    guard: cls,
  };
}

/**
 * "May this user call these procedures?" — each procedure's model-level check (its guard's
 * `hasPermission`) for the user; `null` for an unknown path, `true` for an unguarded one. Object
 * checks need the object and stay with the call itself.
 */
export async function canCall<C extends string>(
  procedures: Record<string, { _def: { type: ProcedureKind; meta?: unknown } }>,
  authz: PermissionSource<C>,
  rawUser: AuthUser | null | undefined,
  paths: readonly string[],
): Promise<Record<string, boolean | null>> {
  const user = rawUser?.isActive === true ? rawUser : null;
  const perms = await authz.load(user);
  const answers: Record<string, boolean | null> = {};
  for (const path of paths) {
    const procedure = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
    if (procedure === undefined) {
      answers[path] = null;
      continue;
    }
    const guard = (procedure._def.meta as PermissionMeta | undefined)?.guard;
    const req: PermissionRequest<C> = {
      user,
      type: procedure._def.type,
      perms,
      hasObjectPerm: (codename, object) => authz.hasPermOn(user, codename, object),
    };
    answers[path] = guard === undefined ? true : await guard.hasPermission(req);
  }
  return answers;
}
