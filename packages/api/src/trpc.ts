import { initTRPC, TRPCError } from '@trpc/server';
import type { ApiTokens, AuthState, Sessions, SessionUser } from '@warden/auth';
import {
  type AnyPgDatabase,
  type Authz,
  ConflictError,
  type createGrants,
  NotFoundError,
  PermissionNotSyncedError,
  UnknownCodenameError,
} from '@warden/authz';
import {
  createContextProtect,
  type PermissionClass,
  type PermissionMeta,
  permissionClasses,
  permissionMeta,
} from '@warden/authz/trpc';
import { z } from 'zod';
import { type Apps, type Codename, registry } from './registry';

/** What every procedure gets: built per request by the server from the Hono context. */
export interface ApiContext {
  db: AnyPgDatabase;
  auth: AuthState;
  user: SessionUser | null;
  authz: Authz<Apps, Codename>;
  grants: ReturnType<typeof createGrants<Apps, Codename>>;
  sessions: Sessions;
  tokens: ApiTokens;
}

// isDev false: error responses never carry server stack traces, in development either.
const t = initTRPC.context<ApiContext>().meta<PermissionMeta>().create({ isDev: false });

/** Domain errors become the 4xx they are; anything else stays a 500 (and is logged by the server). */
const mapDomainErrors = t.middleware(async function mapDomainErrors({ next }) {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  const as = (code: TRPCError['code']) =>
    new TRPCError({ code, message: cause?.message ?? '', cause });
  if (cause instanceof NotFoundError) throw as('NOT_FOUND');
  if (cause instanceof ConflictError) throw as('CONFLICT');
  if (cause instanceof UnknownCodenameError || cause instanceof PermissionNotSyncedError)
    throw as('BAD_REQUEST');
  return result;
});

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const publicProcedure = t.procedure.use(mapDomainErrors);
/** The DRF classes, typed by this app's registry. */
export const perms = permissionClasses(registry);
const protect = createContextProtect<Codename, SessionUser>();

/** A procedure guarded by a permission class; the class is also in its meta for clients. */
export function guarded<TAuth extends boolean>(cls: PermissionClass<Codename, TAuth>) {
  return publicProcedure.meta(permissionMeta(cls)).use(protect(cls));
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

export const idInput = z.object({ id: z.number().int().positive() });
