import { experimental_standaloneMiddleware, TRPCError } from '@trpc/server';
import type { Authz, LoadedPermissions } from '../authz';
import type { AppTables } from '../codenames';
import type { AuthUser, ObjectRef } from '../types';
import {
  ObjectHidden,
  type PermissionClass,
  type PermissionRequest,
  type ProcedureKind,
} from './classes';

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
}

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
  authz: Authz<AppTables, C>,
  cls: PermissionClass<C, TAuth>,
  raw: TUser | null | undefined,
  type: ProcedureKind,
): Promise<PermissionContext<C, TAuth extends true ? TUser : TUser | null>> {
  const user = raw?.isActive === true ? raw : null;
  const permissions = await authz.load(user);
  const req: PermissionRequest<C> = {
    user,
    type,
    perms: permissions,
    hasObjectPerm: (codename, object) => authz.hasPerm(user, codename, object),
  };
  if (!(await cls.hasPermission(req))) throw denial(user, type, cls.describe(type));
  return {
    user: user as TAuth extends true ? TUser : TUser | null,
    permissions,
    checkObject: async (object) => {
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
  };
}

/**
 * Turns permission classes into tRPC middlewares for procedures whose context has
 * `user: TUser | null`. Inactive users count as anonymous. Not authenticated → UNAUTHORIZED;
 * authenticated but not allowed → FORBIDDEN, naming what was needed.
 */
export function createProtect<TApps extends AppTables, C extends string, TUser extends AuthUser>(
  authz: Authz<TApps, C>,
) {
  return function protect<TAuth extends boolean>(cls: PermissionClass<C, TAuth>) {
    return experimental_standaloneMiddleware<{ ctx: { user: TUser | null | undefined } }>().create(
      async function checkPermissions(opts) {
        const ctx = await check(authz as Authz<AppTables, C>, cls, opts.ctx.user, opts.type);
        return opts.next({ ctx });
      },
    );
  };
}

/** The same, for apps whose `authz` depends on the request (its database): read from `ctx.authz`. */
export function createContextProtect<C extends string, TUser extends AuthUser>() {
  return function protect<TAuth extends boolean>(cls: PermissionClass<C, TAuth>) {
    return experimental_standaloneMiddleware<{
      ctx: { user: TUser | null | undefined; authz: Authz<AppTables, C> };
    }>().create(async function checkPermissions(opts) {
      const ctx = await check(opts.ctx.authz, cls, opts.ctx.user, opts.type);
      return opts.next({ ctx });
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
  authz: Authz<AppTables, C>,
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
      hasObjectPerm: (codename, object) => authz.hasPerm(user, codename, object),
    };
    answers[path] = guard === undefined ? true : await guard.hasPermission(req);
  }
  return answers;
}
