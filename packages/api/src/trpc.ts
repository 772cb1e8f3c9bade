import { initTRPC } from '@trpc/server';
import {
  type ApiTokens,
  type AuthState,
  rowId,
  type Sessions,
  type SessionUser,
} from '@warden/auth';
import type { AnyPgDatabase, Authz, Grants, Memberships, Within } from '@warden/authz';
import {
  createContextProtect,
  denialFormatter,
  mapWardenErrors,
  type PermissionClass,
  type PermissionMeta,
  permissionClasses,
  publicAccess,
} from '@warden/authz/trpc';
import { z } from 'zod';
import { type Apps, type Codename, registry } from './registry.js';

/** What every procedure gets: built per request by the server from the Hono context. */
export interface ApiContext {
  db: AnyPgDatabase;
  auth: AuthState;
  user: SessionUser | null;
  authz: Authz<Apps, Codename>;
  grants: Grants<Apps, Codename>;
  /** Members of organizations and invitations (what an organization's admins manage). */
  memberships: Memberships<Apps, Codename>;
  sessions: Sessions;
  tokens: ApiTokens;
  /**
   * The organization the request acts in (the client's `x-warden-scope` header), or null: model-
   * level checks then also count what the user holds there, by grants and roles.
   */
  scope: Within | null;
}

/** A guard's refusal as data in every error (`data.denial`), its codenames typed by the registry. */
const withDenial = denialFormatter(registry);

// isDev false: error responses never carry server stack traces, in development either. Nor the
// message of an unexpected error: a failed query's message holds its SQL and parameters (a new
// token's secret hash, once), so a 500 says only that it is one; the server logs the cause. A
// denial carries only what its message already names (codenames, the staff flag).
const t = initTRPC
  .context<ApiContext>()
  .meta<PermissionMeta>()
  .create({
    isDev: false,
    errorFormatter: (opts) => {
      const shape = withDenial(opts);
      return opts.error.code === 'INTERNAL_SERVER_ERROR'
        ? { ...shape, message: 'internal error' }
        : shape;
    },
  });

export const router = t.router;
export const mergeRouters = t.mergeRouters;
// Warden's errors become the 4xx they are, an unreachable database a 503 (@warden/authz maps
// both); anything else stays a 500 (logged by the server). A guarded procedure has its guard do
// it: one middleware, where another costs every call CPU (issue 9's profile).
/** A procedure open to every caller on purpose; the reason shows in the permission manifest. */
export const publicProcedure = (reason: string) =>
  t.procedure.use(mapWardenErrors).meta(publicAccess(reason));
/** The DRF classes, typed by this app's registry. */
export const perms = permissionClasses(registry);
const protect = createContextProtect<Codename, SessionUser>();

/** A procedure guarded by a permission class (the manifest and canCall read it from the guard). */
export function guarded<TAuth extends boolean, TObject>(
  cls: PermissionClass<Codename, TAuth, TObject>,
) {
  return t.procedure.use(protect(cls));
}

/** Pagination input of every list: `{ page: 1, pageSize: 20 }` by default, pages of at most 100. */
export const pageInput = z
  .object({
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(100).default(20),
  })
  .default({ page: 1, pageSize: 20 });

export const offsetOf = ({ page, pageSize }: { page: number; pageSize: number }) =>
  (page - 1) * pageSize;

// The shared input schemas of `@warden/auth` (the `/auth` routes use them too), under the short
// names the routers read: `id` is an int4 row id (a larger number is a 400, never a 500), `text(n)`
// text Postgres can store (no NUL, no lone surrogate), `objectKeyInput` an object grant's key.
export { objectKeyInput, rowId as id, storableText as text } from '@warden/auth';
export const idInput = z.object({ id: rowId });
