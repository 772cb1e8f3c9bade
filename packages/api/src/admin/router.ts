import { TRPCError } from '@trpc/server';
import {
  hashPassword,
  MIN_PASSWORD_LENGTH,
  type SessionUser,
  sessionUserFields,
  setPassword,
} from '@warden/auth';
import { readAuditLog } from '@warden/authz';
import {
  AUDIT_ACTIONS,
  contentType,
  group,
  groupObjectPermission,
  groupPermission,
  permission,
  user,
  userGroup,
  userObjectPermission,
} from '@warden/authz/schema';
import { asc, count, eq, ilike } from 'drizzle-orm';
import { z } from 'zod';
import { type Codename, registry } from '../registry';
import {
  type ApiContext,
  guarded,
  id,
  idInput,
  offsetOf,
  pageInput,
  perms,
  router,
  text,
} from '../trpc';

// Guarded as Django admin is: a staff user who also holds the model permission on the auth table
// (auth.view_user to list users, auth.change_group to edit memberships, …). What a change may do
// beyond that (no superuser takeover, no granting what one lacks, …) is decided by the grants API
// of @warden/authz, as `acting(ctx)`: the same rules for every caller.
type Action = 'add' | 'change' | 'delete';
const admin = (table: typeof user | typeof group | typeof permission, mutation: Action) =>
  guarded(perms.and(perms.isAdminUser, perms.modelPermissions(table, { mutation })));

const username = z
  .string()
  .trim()
  .min(1)
  .max(150)
  .regex(/^[\w.@+-]+$/, { message: 'letters, digits and @/./+/-/_ only' });
const flags = z
  .object({ isActive: z.boolean(), isStaff: z.boolean(), isSuperuser: z.boolean() })
  .partial();
const codename = z.string().refine((c): c is Codename => registry.isCodename(c), {
  error: (issue) => {
    const value = String(issue.input);
    const near = registry.suggest(value);
    return `unknown codename '${value}'${near.length ? `; did you mean '${near[0]}'?` : ''}`;
  },
});
const target = z.union([z.object({ userId: id }), z.object({ groupId: id })]);

/** The columns an admin sees of a user: the session user's, never the password hash. */
const publicUser = sessionUserFields;

const grantInput = z.object({
  target,
  codename,
  // An object's primary key: a number, or text without spaces (as keys are stored: `4`, not ` 4`).
  objectId: z
    .union([
      z.string().regex(/^[^\s\p{Cc}]{1,100}$/u, { message: 'an object key without spaces' }),
      z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    ])
    .optional(),
});

/** The grants API as the calling user, with how they came (session or token) for the audit log. */
const acting = (ctx: Pick<ApiContext, 'grants' | 'auth'> & { user: SessionUser }) =>
  ctx.grants.as(ctx.user, { via: ctx.auth.via === 'token' ? 'token' : 'session' });

/** grant / revoke: the same procedure with the other verb. */
const changeGrant = (verb: 'grant' | 'revoke') =>
  admin(user, 'change')
    .input(grantInput)
    .mutation(async ({ ctx, input }) => {
      const to = grantTarget(ctx, input.target);
      await acting(ctx)[verb](to, input.codename, input.objectId);
      return input;
    });

/** Granting to a user needs auth.change_user (the guard); to a group, auth.change_group too. */
function grantTarget(
  ctx: { permissions: { has(c: Codename): boolean } },
  to: z.infer<typeof target>,
): { user: number } | { group: number } {
  if ('userId' in to) return { user: to.userId };
  if (!ctx.permissions.has('auth.change_group')) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: 'permission denied: granting to a group needs auth.change_group',
    });
  }
  return { group: to.groupId };
}

export const adminRouter = router({
  users: router({
    list: admin(user, 'change')
      .input(
        pageInput
          .unwrap()
          .extend({ search: text(150).optional() })
          .default({ page: 1, pageSize: 20 }),
      )
      .query(async ({ ctx, input }) => {
        const where = input.search
          ? ilike(user.username, `%${input.search.replace(/[%_\\]/g, '\\$&')}%`)
          : undefined;
        const [total] = await ctx.db.select({ n: count() }).from(user).where(where);
        const items = await ctx.db
          .select(publicUser)
          .from(user)
          .where(where)
          .orderBy(asc(user.id))
          .limit(input.pageSize)
          .offset(offsetOf(input));
        return { items, total: total?.n ?? 0, page: input.page, pageSize: input.pageSize };
      }),

    /** A user with their groups and grants, as Django admin's change form shows them. */
    get: admin(user, 'change')
      .input(idInput)
      .query(async ({ ctx, input }) => {
        const [row] = await ctx.db.select(publicUser).from(user).where(eq(user.id, input.id));
        if (row === undefined)
          throw new TRPCError({ code: 'NOT_FOUND', message: `user ${input.id} does not exist` });
        const groups = await ctx.db
          .select({ id: group.id, name: group.name })
          .from(userGroup)
          .innerJoin(group, eq(group.id, userGroup.groupId))
          .where(eq(userGroup.userId, row.id))
          .orderBy(asc(group.name));
        const direct = [
          ...(await ctx.authz.getUserPermissions({ ...row, isSuperuser: false, isActive: true })),
        ].sort();
        const objects = await ctx.db
          .select({
            appLabel: contentType.appLabel,
            codename: permission.codename,
            objectPk: userObjectPermission.objectPk,
          })
          .from(userObjectPermission)
          .innerJoin(permission, eq(permission.id, userObjectPermission.permissionId))
          .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
          .where(eq(userObjectPermission.userId, row.id));
        return {
          ...row,
          groups,
          permissions: direct,
          objectPermissions: objects.map((o) => ({
            codename: `${o.appLabel}.${o.codename}`,
            objectId: o.objectPk,
          })),
        };
      }),

    create: admin(user, 'add')
      .input(
        z
          .object({
            username,
            email: z.email().or(z.literal('')).default(''),
            password: z.string().min(MIN_PASSWORD_LENGTH).max(4096),
          })
          .extend(flags.shape),
      )
      .mutation(async ({ ctx, input }) => {
        const { password, ...rest } = input;
        return acting(ctx).createUser({
          ...rest,
          passwordHash: await hashPassword(password),
        });
      }),

    /** Flags and email; deactivating (isActive: false) ends every session of the user at once. */
    update: admin(user, 'change')
      .input(
        flags.extend({
          id,
          email: z.email().or(z.literal('')).optional(),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const { id, ...changes } = input;
        if (Object.keys(changes).length === 0)
          throw new TRPCError({ code: 'BAD_REQUEST', message: 'nothing to change' });
        await acting(ctx).updateUser(id, changes);
        const [row] = await ctx.db.select(publicUser).from(user).where(eq(user.id, id));
        if (row === undefined)
          throw new TRPCError({ code: 'NOT_FOUND', message: `user ${id} does not exist` });
        return row;
      }),

    /** "Why can this user do this?": the decision and the rule (or grant, or group) behind it. */
    explain: admin(user, 'change')
      .input(
        z.object({
          id,
          codename: text(200),
          objectId: z
            .union([text(100), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)])
            .optional(),
        }),
      )
      .query(async ({ ctx, input }) => {
        const [row] = await ctx.db.select(publicUser).from(user).where(eq(user.id, input.id));
        if (row === undefined)
          throw new TRPCError({ code: 'NOT_FOUND', message: `user ${input.id} does not exist` });
        return ctx.authz.explain(row, input.codename, input.objectId); // a key: never a wrong model
      }),

    setPassword: admin(user, 'change')
      .input(
        z.object({
          id,
          password: z.string().min(MIN_PASSWORD_LENGTH).max(4096),
        }),
      )
      .mutation(({ ctx, input }) =>
        setPassword(ctx.db, input.id, input.password, {
          actor: ctx.user,
          via: ctx.auth.via === 'token' ? 'token' : 'session',
        }),
      ),
  }),

  groups: router({
    list: admin(group, 'change').query(async ({ ctx }) => {
      const rows = await ctx.db
        .select({ id: group.id, name: group.name, members: count(userGroup.userId) })
        .from(group)
        .leftJoin(userGroup, eq(userGroup.groupId, group.id))
        .groupBy(group.id)
        .orderBy(asc(group.name));
      const grants = await ctx.db
        .select({
          groupId: groupPermission.groupId,
          appLabel: contentType.appLabel,
          codename: permission.codename,
        })
        .from(groupPermission)
        .innerJoin(permission, eq(permission.id, groupPermission.permissionId))
        .innerJoin(contentType, eq(contentType.id, permission.contentTypeId));
      return rows.map((g) => ({
        ...g,
        permissions: grants
          .filter((p) => p.groupId === g.id)
          .map((p) => `${p.appLabel}.${p.codename}`)
          .sort(),
      }));
    }),
    create: admin(group, 'add')
      .input(z.object({ name: text(150).trim().min(1) }))
      .mutation(({ ctx, input }) => acting(ctx).createGroup(input.name)),
    delete: admin(group, 'delete')
      .input(idInput)
      .mutation(async ({ ctx, input }) => {
        await acting(ctx).deleteGroup(input.id);
        return { id: input.id };
      }),
    addMember: admin(group, 'change')
      .input(z.object({ groupId: id, userId: id }))
      .mutation(async ({ ctx, input }) => {
        await acting(ctx).addToGroup(input.userId, input.groupId);
        return input;
      }),
    removeMember: admin(group, 'change')
      .input(z.object({ groupId: id, userId: id }))
      .mutation(async ({ ctx, input }) => {
        await acting(ctx).removeFromGroup(input.userId, input.groupId);
        return input;
      }),
  }),

  /** Model grants (no objectId) and object grants (objectId: the object's primary key). */
  grants: router({
    grant: changeGrant('grant'),
    revoke: changeGrant('revoke'),
    /** Object grants of a group, for the admin's group page. */
    ofGroup: admin(group, 'change')
      .input(idInput)
      .query(({ ctx, input }) =>
        ctx.db
          .select({
            appLabel: contentType.appLabel,
            codename: permission.codename,
            objectId: groupObjectPermission.objectPk,
          })
          .from(groupObjectPermission)
          .innerJoin(permission, eq(permission.id, groupObjectPermission.permissionId))
          .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
          .where(eq(groupObjectPermission.groupId, input.id)),
      ),
  }),

  /**
   * The audit log, newest first: who changed which users, groups, memberships and grants, when,
   * via what, before and after. Pages by id (`before`: the last id seen).
   */
  audit: admin(user, 'change')
    .input(
      z
        .object({
          userId: id.optional(),
          action: z.enum(AUDIT_ACTIONS).optional(),
          before: id.optional(),
          limit: z.number().int().min(1).max(200).default(50),
        })
        .default({ limit: 50 }),
    )
    .query(({ ctx, input }) => readAuditLog(ctx.db, input)),

  /** The codename table (`select name, codename from auth_permission`), from the registry. */
  codenames: admin(permission, 'change').query(() =>
    registry.permissions.map((p) => ({
      codename: p.codename,
      name: p.name,
      appLabel: p.appLabel,
      model: p.model,
      custom: p.custom,
    })),
  ),
});
