import { TRPCError } from '@trpc/server';
import { hashPassword, MIN_PASSWORD_LENGTH, setPassword } from '@warden/auth';
import { objectGrantsOf } from '@warden/authz';
import { group, user, userGroup } from '@warden/authz/schema';
import { asc, count, eq, ilike } from 'drizzle-orm';
import { z } from 'zod';
import { registry } from '../registry.js';
import { id, idInput, objectKeyInput, offsetOf, pageInput, router, text } from '../trpc.js';
import { acting, admin, flags, publicUser, username } from './shared.js';

/** `admin.users`: Django admin's user pages. */
export const usersRouter = router({
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
      return {
        ...row,
        groups,
        permissions: direct,
        objectPermissions: await objectGrantsOf(ctx.db, { user: row.id }),
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
        objectId: objectKeyInput.optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const [row] = await ctx.db.select(publicUser).from(user).where(eq(user.id, input.id));
      if (row === undefined)
        throw new TRPCError({ code: 'NOT_FOUND', message: `user ${input.id} does not exist` });
      return ctx.authz.explain(row, input.codename, input.objectId); // a key: never a wrong model
    }),

  /** Another user's password; one's own needs `currentPassword` too (as `auth.changePassword`). */
  setPassword: admin(user, 'change')
    .input(
      z.object({
        id,
        password: z.string().min(MIN_PASSWORD_LENGTH).max(4096),
        currentPassword: z.string().min(1).max(4096).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      setPassword(ctx.db, input.id, input.password, {
        actor: ctx.user,
        registry,
        via: ctx.auth.via === 'token' ? 'token' : 'session',
        currentPassword: input.currentPassword,
        keepSessionId: ctx.auth.session?.id,
      }),
    ),
});
