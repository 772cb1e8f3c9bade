// @warden/auth/trpc
import { type AnyPgDatabase, type AppTables, type Authz, type Registry } from '@warden/authz';
import { createProtect, denialFormatter, type ProtectOptions, permissionClasses } from '@warden/authz/trpc';
import type { SessionUser } from './users.js';
/** What `createGuards` gives: the guard, the classes it takes, and what they check with. */
export interface Guards<TApps extends AppTables, C extends string> {
    /**
     * A procedure's guard: `t.procedure.use(protect(perms.modelPermissions(post, { mutation:
     * 'add' })))`. Not authenticated → UNAUTHORIZED; not allowed → FORBIDDEN naming the codenames;
     * an object the user may not view → NOT_FOUND. After a class that implies a user, `ctx.user` is
     * a non-null `SessionUser`.
     */
    readonly protect: ReturnType<typeof createProtect<C, SessionUser>>;
    /** The DRF permission classes (`isAuthenticated`, `modelPermissions`, `objectPermissions`, …). */
    readonly perms: ReturnType<typeof permissionClasses<TApps, C>>;
    /** Permission resolution (`hasPerm`, `objectsFor`, `explain`, …) on the same database. */
    readonly authz: Authz<TApps, C>;
    /**
     * For `initTRPC.create({ errorFormatter })`: a denial's reason and the codenames it needs as
     * `error.data.denial`, typed, for the client (no parsing of messages).
     */
    readonly errorFormatter: ReturnType<typeof denialFormatter<C>>;
}
/**
 * Guards for tRPC procedures of an app whose users sign in with `createAuth`, typed by the
 * registry: pass it the tRPC context's `user` (`createContext: () => ({ user:
 * c.get('auth').user })`).
 *
 * @example
 * ```ts
 * const { protect, perms } = createGuards({ db, registry });
 * const list = t.procedure
 *   .use(protect(perms.modelPermissions(post, { mutation: 'add' }))) // needs blog.view_post
 *   .query(({ ctx }) => db.select().from(post)); // ctx.user: SessionUser, non-null here
 * ```
 */
export declare function createGuards<TApps extends AppTables, C extends string>(options: {
    db: AnyPgDatabase;
    registry: Registry<TApps, C>;
} & ProtectOptions): Guards<TApps, C>;
