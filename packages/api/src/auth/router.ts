import { TRPCError } from '@trpc/server';
import { apiTokenId, basisOf, changePassword, MIN_PASSWORD_LENGTH } from '@warden/auth';
import { z } from 'zod';
import { organizationsOf } from '../orgs/memberships.js';
import type { Codename } from '../registry.js';
import { guarded, perms, publicProcedure, router, text } from '../trpc.js';
import { myPermissions, permissionNames } from './my-permissions.js';

export const authRouter = router({
  /** Who am I: login state, flags and every codename held (all of them for a superuser). */
  me: publicProcedure('who am I: anonymous callers learn they are anonymous').query(
    async ({ ctx }) => {
      const { user, via } = ctx.auth;
      // The registry's union, not string[]: the client's can() takes these as they come. Within
      // the active organization (ctx.scope), what the user holds there counts too.
      const permissions: Codename[] =
        user === null ? [] : [...(await ctx.authz.load(user, ctx.scope ?? undefined)).all()].sort();
      // Which organization `permissions` answer for: a client that has just switched tells this
      // answer from the one before it (and does not show one organization's under another's name).
      const activeOrganization = ctx.scope === null ? null : Number(ctx.scope.key);
      if (user === null)
        return {
          authenticated: false as const,
          via,
          user: null,
          permissions,
          activeOrganization,
          organizations: [],
        };
      const { id, username, email, isStaff, isSuperuser, lastLogin, dateJoined } = user;
      return {
        authenticated: true as const,
        via,
        user: { id, username, email, isStaff, isSuperuser, lastLogin, dateJoined },
        permissions,
        activeOrganization,
        organizations: await organizationsOf(ctx, user),
      };
    },
  ),

  myPermissions,
  permissionNames,

  changePassword: guarded(perms.isAuthenticated)
    .input(
      z.object({
        currentPassword: z.string().min(1).max(4096),
        newPassword: z.string().min(MIN_PASSWORD_LENGTH).max(4096),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await changePassword(ctx.db, {
        userId: ctx.user.id,
        via: ctx.auth.via === 'token' ? 'token' : 'session',
        ...(ctx.auth.session ? { keepSessionId: ctx.auth.session.id } : {}),
        ...input,
      });
      if (!result.ok)
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'currentPassword: incorrect' });
      return result;
    }),

  tokens: router({
    list: guarded(perms.isAuthenticated).query(({ ctx }) => ctx.tokens.list(ctx.user.id)),
    /** The secret is in this answer only. */
    create: guarded(perms.isAuthenticated)
      .input(
        z.object({
          name: text(100).trim().min(1),
          expiresInDays: z.number().int().min(1).max(3650).optional(),
        }),
      )
      .mutation(({ ctx, input }) =>
        // Issued on this request's session or token: if a recovery ends it meanwhile, UNAUTHORIZED.
        ctx.tokens.create(ctx.user.id, basisOf(ctx.auth), {
          name: input.name,
          expiresAt:
            input.expiresInDays === undefined
              ? undefined
              : new Date(Date.now() + input.expiresInDays * 86_400_000),
        }),
      ),
    revoke: guarded(perms.isAuthenticated)
      .input(z.object({ id: apiTokenId }))
      .mutation(async ({ ctx, input }) => {
        if (!(await ctx.tokens.revoke(ctx.user.id, input.id)))
          throw new TRPCError({ code: 'NOT_FOUND', message: 'no such token' });
        return { id: input.id };
      }),
  }),
});
