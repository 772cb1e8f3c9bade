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

/** Procedure meta a client can read to ask "may I call this?". */
export interface PermissionMeta {
  permission?: { query: string; mutation: string };
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
        const raw = opts.ctx.user;
        const user = raw?.isActive === true ? raw : null;
        const permissions = await authz.load(user);
        const req: PermissionRequest<C> = {
          user,
          type: opts.type,
          perms: permissions,
          hasObjectPerm: (codename, object) => authz.hasPerm(user, codename, object),
        };
        if (!(await cls.hasPermission(req))) throw denial(user, opts.type, cls.describe(opts.type));
        const context: PermissionContext<C, TAuth extends true ? TUser : TUser | null> = {
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
            if (!ok) throw denial(user, opts.type, cls.describe(opts.type));
          },
        };
        return opts.next({ ctx: context });
      },
    );
  };
}

/** The meta to put on a procedure protected by `cls`, for clients and docs. */
export function permissionMeta<C extends string>(
  cls: PermissionClass<C>,
): Required<PermissionMeta> {
  return { permission: { query: cls.describe('query'), mutation: cls.describe('mutation') } };
}
