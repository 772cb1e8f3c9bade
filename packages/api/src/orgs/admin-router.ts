import { TRPCError } from '@trpc/server';
import type { Within } from '@warden/authz';
import { contentType, group, groupPermission, permission } from '@warden/authz/schema';
import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { username } from '../admin/shared.js';
import { registry } from '../registry.js';
import { type ApiContext, guarded, id, idInput, perms, router } from '../trpc.js';
import { ACTIVE_SCOPE_HEADER } from './active.js';

// An organization's own administration, without staff: its admins (a role holding
// `orgs.manage_members` there) list and change its members and their roles, and send invitations,
// for the active organization only. Which roles they may give or take is the library's scoped
// escalation rule: only roles whose every grant they hold there.

/** The active organization's admins (or someone holding `orgs.manage_members` globally). */
const orgAdmin = guarded(perms.permissionRequired('orgs.manage_members'));

type AdminCtx = Pick<ApiContext, 'scope' | 'auth'> & {
  checkObject: (object: number) => Promise<void>;
};

/**
 * The organization the call manages: the active one, on which the caller must hold
 * `orgs.manage_members` (the guard's object check). No active organization is a 400.
 */
async function managed(ctx: AdminCtx): Promise<Within> {
  if (ctx.scope === null)
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `name the organization to manage in ${ACTIVE_SCOPE_HEADER}`,
    });
  await ctx.checkObject(Number(ctx.scope.key));
  return ctx.scope;
}

const via = (ctx: Pick<ApiContext, 'auth'>) => ({
  via: ctx.auth.via === 'token' ? ('token' as const) : ('session' as const),
});

const roleIds = z.array(id).min(1).max(20);

/** Refuses a user who is not a member of the organization: they are "not found" here. */
async function member(ctx: Pick<ApiContext, 'memberships'>, scope: Within, userId: number) {
  const found = (await ctx.memberships.list(scope)).find((m) => m.id === userId);
  if (found === undefined)
    throw new TRPCError({ code: 'NOT_FOUND', message: 'no such member of this organization' });
  return found;
}

export const organizationAdminRouter = router({
  members: router({
    list: orgAdmin.query(async ({ ctx }) => ctx.memberships.list(await managed(ctx))),

    /** Adds an existing account as a member with these roles (an invitation asks first). */
    add: orgAdmin.input(z.object({ username, roles: roleIds })).mutation(async ({ ctx, input }) => {
      const scope = await managed(ctx);
      const already = (await ctx.memberships.list(scope)).some(
        (m) => m.username.toLowerCase() === input.username.toLowerCase(),
      );
      if (already)
        throw new TRPCError({
          code: 'CONFLICT',
          message: `'${input.username}' is a member already: change their roles instead`,
        });
      await ctx.memberships
        .as(ctx.user, via(ctx))
        .setRoles({ username: input.username }, input.roles, scope);
      return { ok: true };
    }),

    /** Makes a member's roles exactly these, as one change. */
    setRoles: orgAdmin
      .input(z.object({ userId: id, roles: roleIds }))
      .mutation(async ({ ctx, input }) => {
        const scope = await managed(ctx);
        await member(ctx, scope, input.userId);
        return ctx.memberships.as(ctx.user, via(ctx)).setRoles(input.userId, input.roles, scope);
      }),

    remove: orgAdmin.input(z.object({ userId: id })).mutation(async ({ ctx, input }) => {
      const scope = await managed(ctx);
      await member(ctx, scope, input.userId);
      return ctx.memberships.as(ctx.user, via(ctx)).remove(input.userId, scope);
    }),
  }),

  /**
   * Every role (group) with its grants, and whether the caller may give it here: whether they
   * hold, in this organization, everything it grants.
   */
  roles: orgAdmin.query(async ({ ctx }) => {
    await managed(ctx);
    const rows = await ctx.db
      .select({
        id: group.id,
        name: group.name,
        codenames: sql<
          string[]
        >`coalesce(array_agg(${contentType.appLabel} || '.' || ${permission.codename} order by 1) filter (where ${permission.id} is not null), '{}')`,
      })
      .from(group)
      .leftJoin(groupPermission, eq(groupPermission.groupId, group.id))
      .leftJoin(permission, eq(permission.id, groupPermission.permissionId))
      .leftJoin(contentType, eq(contentType.id, permission.contentTypeId))
      .groupBy(group.id)
      .orderBy(asc(group.name));
    return rows.map((row) => ({
      ...row,
      assignable: row.codenames.every((c) => registry.isCodename(c) && ctx.permissions.has(c)),
    }));
  }),

  invitations: router({
    list: orgAdmin.query(async ({ ctx }) => ctx.memberships.invitations(await managed(ctx))),

    /** The link's token is in this answer only: the client shows the link once. */
    create: orgAdmin
      .input(
        z.object({
          roles: roleIds,
          email: z.union([z.literal(''), z.email().max(254)]).default(''),
          expiresInDays: z.number().int().min(1).max(30).default(7),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const scope = await managed(ctx);
        return ctx.memberships.as(ctx.user, via(ctx)).invite({
          within: scope,
          roles: input.roles,
          email: input.email,
          expiresInDays: input.expiresInDays,
        });
      }),

    withdraw: orgAdmin.input(idInput).mutation(async ({ ctx, input }) => {
      const scope = await managed(ctx);
      const sent = (await ctx.memberships.invitations(scope)).some((i) => i.id === input.id);
      if (!sent)
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: 'no such invitation to this organization',
        });
      await ctx.memberships.as(ctx.user, via(ctx)).withdraw(input.id);
      return { ok: true };
    }),
  }),
});
