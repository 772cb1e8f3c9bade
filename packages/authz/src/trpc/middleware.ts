import { initTRPC, TRPCError } from '@trpc/server';
import type { SQL } from 'drizzle-orm';
import type { LoadedPermissions, MaybeUser } from '../authz.js';
import type { AnyTable } from '../codenames.js';
import { ObjectHiddenError, WrongModelError } from '../errors.js';
import { type KeysetPage, objectKey } from '../object-perms.js';
import { isWithin, type Within } from '../scoped-grants.js';
import type { AuthUser, ObjectRef } from '../types.js';
import { refusal } from './denial.js';
import { trpcErrorOf } from './errors.js';
import { registered } from './guards.js';
import {
  isObjectRef,
  type PermissionClass,
  type PermissionRequest,
  type ProcedureKind,
} from './permission-class.js';

/**
 * What the middlewares need of `createAuthz()`'s result, by shape: any app's `Authz` is one,
 * whatever its tables, so no caller has to cast it to a wider app set.
 */
export interface PermissionSource<C extends string> {
  load(user: MaybeUser, within?: Within): Promise<LoadedPermissions<C>>;
  hasPermOn(user: MaybeUser, codename: C, object?: ObjectRef): Promise<boolean>;
  objectsFor(
    user: MaybeUser,
    codename: C,
    table: AnyTable | undefined,
    page?: KeysetPage,
  ): Promise<SQL>;
  /** For development denials: why the user lacks what was needed. */
  explain(user: MaybeUser, codename: string): Promise<{ readonly message: string }>;
}

/**
 * The fields an object has beyond what `T`'s object part has: `never` each, so a joined row (a
 * field the table has not) does not compile where a row of the table is asked for.
 */
type NoOtherFields<O, T> = O extends object
  ? { [K in Exclude<keyof O, keyof Extract<T, object>>]: never }
  : unknown;

/**
 * What a guard reads of the tRPC context: the request's user (null: anonymous). And, when the
 * context has one, `scope`: the scope row the request acts in (the active organization,
 * `within(organization, 5)`), where model-level checks also count the user's grants and roles.
 * Read by shape rather than declared, so a context without it fits every guard.
 */
export interface ProtectedContext<TUser> {
  user: TUser | null | undefined;
}

/** The `scope` of a context that has one. */
function scopeOf(ctx: object): Within | undefined {
  return 'scope' in ctx && isWithin(ctx.scope) ? ctx.scope : undefined;
}

/** What a protected procedure's resolver gets on top of its context. */
export interface PermissionContext<C extends string, TUser, TObject = unknown> {
  /** Narrowed to non-null when the class implies an authenticated user. */
  user: TUser;
  /** The user's permissions, loaded once for the request (usually primed by the session lookup). */
  permissions: LoadedPermissions<C>;
  /**
   * DRF's `check_object_permissions`: call it with the loaded object before acting on it. Throws
   * NOT_FOUND when the user may not even see the object, FORBIDDEN when they may see but not act.
   */
  checkObject<O extends TObject>(object: O & NoOtherFields<O, TObject>): Promise<void>;
  /**
   * `authz.objectsFor` for this user: the SQL condition selecting the rows of the codename's model
   * they hold `codename` on (the codename names the table: there is no second argument to
   * contradict it). A list under an object-level class filters with it, which counts as its object
   * check. With `page`, exact for that keyset page only, at the same cost whatever the grant count.
   */
  objectsFor(codename: C, page?: KeysetPage): Promise<SQL>;
}

export interface ProtectOptions {
  /**
   * Development mode (default: NODE_ENV is not `production`): a FORBIDDEN says which grant is
   * missing (from `authz.explain`), and a resolver under an object-level class that never ran its
   * object check fails with an error naming the procedure, so a test of it fails. In production
   * both are a plain FORBIDDEN.
   */
  development?: boolean;
  /**
   * Your own errors' tRPC answer, tried after Warden's on whatever the guarded call throws, the
   * guard's permission lookup included: `(error) => isOutage(error) ? new TRPCError({ code:
   * 'SERVICE_UNAVAILABLE' }) : undefined`. Here rather than in a middleware of its own, since each
   * middleware a call passes costs it CPU (a profile of the server showed it).
   */
  mapError?: (error: unknown) => TRPCError | undefined;
}

type Mode = 'development' | 'production';
interface Settings {
  mode: Mode;
  /** Warden's errors, then the app's own (`mapError`). */
  mapped: (error: unknown) => TRPCError | undefined;
}
const settingsOf = (options: ProtectOptions): Settings => ({
  mode:
    (options.development ?? globalThis.process?.env?.NODE_ENV !== 'production')
      ? 'development'
      : 'production',
  mapped: (error) => trpcErrorOf(error) ?? options.mapError?.(error),
});

/** What the guard throws for a failure of its own lookups: mapped, unless already a tRPC error. */
const failure = (error: unknown, settings: Settings): unknown =>
  (error instanceof TRPCError ? undefined : settings.mapped(error)) ?? error;

/** What `check` resolves with: the context additions, and whether the object check ran. */
interface Checked<C extends string, TUser, TObject> {
  ctx: PermissionContext<C, TUser, TObject>;
  objectChecked: () => boolean;
  /** The call owes an object check though its class is model-level: it passed on scoped grants. */
  owesObjectCheck: boolean;
}

/**
 * Runs a class for one call; resolves with the context additions, or throws the tRPC error. A
 * failure of the lookup itself is answered like the call's (Warden's errors, then `mapError`).
 */
async function check<C extends string, TUser extends AuthUser, TAuth extends boolean, TObject>(
  authz: PermissionSource<C>,
  cls: PermissionClass<C, TAuth, TObject>,
  raw: TUser | null | undefined,
  scope: Within | undefined,
  type: ProcedureKind,
  settings: Settings,
): Promise<Checked<C, TAuth extends true ? TUser : TUser | null, TObject>> {
  const user = raw?.isActive === true ? raw : null;
  // A class that promises an authenticated user (its type makes ctx.user non-null) gets one,
  // whatever its hasPermission says: a custom class that forgot to check is refused, not trusted.
  if (user === null && cls.implies.authenticated) throw refusal(cls, type, null);
  let permissions: LoadedPermissions<C>;
  let req: PermissionRequest<C>;
  let allowed: boolean;
  try {
    // In the request's scope (its active organization), model-level checks count what the user
    // holds there; without one, their global grants only (Django's rules).
    permissions = await authz.load(user, scope);
    req = {
      user,
      type,
      perms: permissions,
      hasObjectPerm: (codename, object) => authz.hasPermOn(user, codename, object),
    };
    // Most classes answer synchronously: no await (a microtask) for them.
    const answer = cls.hasPermission(req);
    allowed = typeof answer === 'boolean' ? answer : await answer;
  } catch (error) {
    throw failure(error, settings);
  }
  if (!allowed) {
    const error = refusal(cls, type, user, permissions);
    // Outside production a FORBIDDEN also says why, from authz.explain: which grant is missing.
    const [needed] = cls.requires(type);
    if (user === null || settings.mode === 'production' || needed === undefined) throw error;
    let why: { readonly message: string };
    try {
      why = await authz.explain(user, needed);
    } catch (cause) {
      throw failure(cause, settings); // its lookup failing (an outage) is no 500 either
    }
    // The denial stays the cause: the reason is for people, the data for clients.
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: `${error.message} (${why.message})`,
      cause: error.cause,
    });
  }
  // A model-level class that passed on codenames held only within the request's scope (a role in
  // the active organization): they cover that organization's rows, not every row. So the call owes
  // an object check, and each object must be one the user holds them on; a list filters with
  // ctx.objectsFor. A create (`add_…`) has no object: its resolver puts the row in ctx.scope.
  const scopedOnly =
    scope === undefined || cls.objectLevel(type)
      ? []
      : cls
          .requires(type)
          .filter((c) => permissions.has(c) && !permissions.hasGlobally(c) && !/\.add_/.test(c));
  let objectChecked = false;
  const ctx: PermissionContext<C, TAuth extends true ? TUser : TUser | null, TObject> = {
    // Sound: a class implying authentication has had a user since the check above.
    user: user as TAuth extends true ? TUser : TUser | null,
    permissions,
    checkObject: async (object: unknown) => {
      objectChecked = true;
      if (!isObjectRef(object)) throw new WrongModelError('an object check needs a row or its key');
      // A row is checked against every table the class reads before any hook runs: a wrong one
      // fails on every branch (a test of the happy path finds it), for every user.
      if (typeof object === 'object') for (const table of cls.tables) objectKey(table, object);
      let ok: boolean;
      try {
        ok = await cls.hasObjectPermission(req, object);
      } catch (error) {
        if (error instanceof ObjectHiddenError)
          throw new TRPCError({ code: 'NOT_FOUND', message: 'not found' });
        throw error;
      }
      for (const codename of scopedOnly)
        if (ok && !(await authz.hasPermOn(user, codename, object))) ok = false;
      if (ok) return;
      // The denial names what is missing on this object: not what the user holds on it.
      const onObject: C[] = [];
      for (const codename of cls.requires(type))
        if (await authz.hasPermOn(user, codename, object)) onObject.push(codename);
      throw refusal(cls, type, user, permissions, onObject);
    },
    objectsFor: (codename, page) => {
      objectChecked = true;
      return authz.objectsFor(user, codename, undefined, page);
    },
  };
  return { ctx, objectChecked: () => objectChecked, owesObjectCheck: scopedOnly.length > 0 };
}

/**
 * Runs the resolver with the permission context; afterwards, an object-level class whose check the
 * resolver never ran fails the call (DESIGN: a guard with an object hook that was never used is an
 * error, not a pass). The resolver has run by then, so in development the error names the
 * procedure and fails the test that called it, long before production.
 */
function guard<C extends string, TUser, TAuth extends boolean, TObject, R>(
  opts: { path: string; type: ProcedureKind },
  checked: Checked<C, TUser, TObject>,
  cls: PermissionClass<C, TAuth, TObject>,
  settings: Settings,
  result: R & ({ ok: true } | { ok: false; error: TRPCError }),
): R {
  if (!result.ok) {
    // Warden's errors become their 4xx here, so a guarded procedure needs no mapWardenErrors
    // of its own: each middleware a call passes costs it (a profile showed it).
    const mapped = settings.mapped(result.error.cause);
    if (mapped !== undefined) throw mapped;
    return result;
  }
  const owes = cls.objectLevel(opts.type) || checked.owesObjectCheck;
  if (!owes || checked.objectChecked()) return result;
  if (settings.mode === 'production') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'permission denied' });
  }
  throw new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: cls.objectLevel(opts.type)
      ? `procedure '${opts.path}' is guarded by an object-level class (${cls.describe(opts.type)}) but its resolver never called ctx.checkObject(row) or ctx.objectsFor(…): the call was refused`
      : `procedure '${opts.path}' passed on ${cls.describe(opts.type)} held only within the request's scope, which covers that scope's rows: its resolver must filter with ctx.objectsFor(…) or check the row with ctx.checkObject(row); the call was refused`,
  });
}

/**
 * Turns permission classes into tRPC middlewares for procedures whose context has
 * `user: TUser | null`. Inactive users count as anonymous. Not authenticated → UNAUTHORIZED;
 * authenticated but not allowed → FORBIDDEN, naming what was needed, and carrying it as data for
 * `denialFormatter` (the reason and the codenames). A Warden error the resolver throws gets its 4xx
 * as under `mapWardenErrors`, which a guarded procedure therefore need not use.
 *
 * @example
 * ```ts
 * const protect = createProtect<Codename, SessionUser>(createAuthz({ db, registry }));
 * const p = permissionClasses(registry);
 * const list = t.procedure
 *   .use(protect(p.modelPermissions(post, { mutation: 'add' }))) // needs blog.view_post
 *   .query(({ ctx }) => db.select().from(post)); // ctx.user: SessionUser, non-null here
 * ```
 */
export function createProtect<C extends string, TUser extends AuthUser>(
  authz: PermissionSource<C>,
  options: ProtectOptions = {},
) {
  const settings = settingsOf(options);
  // A root of our own, typed with only the context we read: its middlewares fit any app's
  // procedures whose context has `user` (tRPC 11's supported form of a standalone middleware).
  const t = initTRPC.context<ProtectedContext<TUser>>().create();
  return function protect<TAuth extends boolean, TObject = unknown>(
    cls: PermissionClass<C, TAuth, TObject>,
  ) {
    const middleware = t.middleware(async function checkPermissions(opts) {
      const checked = await check(
        authz,
        cls,
        opts.ctx.user,
        scopeOf(opts.ctx),
        opts.type,
        settings,
      );
      return guard(opts, checked, cls, settings, await opts.next({ ctx: checked.ctx }));
    });
    return registered(middleware, cls);
  };
}

/** The same, for apps whose `authz` depends on the request (its database): read from `ctx.authz`. */
export function createContextProtect<C extends string, TUser extends AuthUser>(
  options: ProtectOptions = {},
) {
  const settings = settingsOf(options);
  const t = initTRPC.context<ProtectedContext<TUser> & { authz: PermissionSource<C> }>().create();
  return function protect<TAuth extends boolean, TObject = unknown>(
    cls: PermissionClass<C, TAuth, TObject>,
  ) {
    const middleware = t.middleware(async function checkPermissions(opts) {
      const checked = await check(
        opts.ctx.authz,
        cls,
        opts.ctx.user,
        scopeOf(opts.ctx),
        opts.type,
        settings,
      );
      return guard(opts, checked, cls, settings, await opts.next({ ctx: checked.ctx }));
    });
    return registered(middleware, cls);
  };
}
