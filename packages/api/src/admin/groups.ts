import { contentType, group, groupPermission, permission, userGroup } from '@warden/authz/schema';
import { asc, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { id, idInput, router, text } from '../trpc.js';
import { acting, admin } from './shared.js';

/** `admin.groups`: groups with their model grants, and their members. */
export const groupsRouter = router({
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
});
