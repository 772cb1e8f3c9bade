import { TRPCError } from '@trpc/server';
import {
  contentType,
  group,
  groupObjectPermission,
  permission,
  user,
  userObjectPermission,
} from '@warden/authz/schema';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { registry } from '../registry';
import { guarded, perms } from '../trpc';

/**
 * `admin.objectGrants({ model: 'shop.product', objectId })`: every user and group grant on one
 * object, as django-guardian's "object permissions" admin page lists them. Reading grants is
 * reading users: staff + auth.view_user, as `admin.users.get`.
 */
export const objectGrants = guarded(
  perms.and(perms.isAdminUser, perms.modelPermissions(user, { mutation: 'change' })),
)
  .input(
    z.object({
      model: z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/),
      objectId: z.union([z.string().min(1).max(100), z.number().int()]),
    }),
  )
  .query(async ({ ctx, input }) => {
    const [appLabel = '', model = ''] = input.model.split('.');
    if (!registry.models.some((m) => m.appLabel === appLabel && m.model === model))
      throw new TRPCError({ code: 'BAD_REQUEST', message: `unknown model '${input.model}'` });
    const objectPk = String(input.objectId);
    const onModel = and(eq(contentType.appLabel, appLabel), eq(contentType.model, model));
    const users = await ctx.db
      .select({ id: user.id, username: user.username, codename: permission.codename })
      .from(userObjectPermission)
      .innerJoin(user, eq(user.id, userObjectPermission.userId))
      .innerJoin(permission, eq(permission.id, userObjectPermission.permissionId))
      .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
      .where(and(onModel, eq(userObjectPermission.objectPk, objectPk)))
      .orderBy(asc(user.username), asc(permission.codename));
    const groups = await ctx.db
      .select({ id: group.id, name: group.name, codename: permission.codename })
      .from(groupObjectPermission)
      .innerJoin(group, eq(group.id, groupObjectPermission.groupId))
      .innerJoin(permission, eq(permission.id, groupObjectPermission.permissionId))
      .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
      .where(and(onModel, eq(groupObjectPermission.objectPk, objectPk)))
      .orderBy(asc(group.name), asc(permission.codename));
    const full = (local: string) => `${appLabel}.${local}`;
    return {
      users: users.map((u) => ({ ...u, codename: full(u.codename) })),
      groups: groups.map((g) => ({ ...g, codename: full(g.codename) })),
    };
  });
