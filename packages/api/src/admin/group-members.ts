import { group, user, userGroup } from '@warden/authz/schema';
import { asc, eq } from 'drizzle-orm';
import { guarded, idInput, perms } from '../trpc.js';

/**
 * `admin.groupMembers({ id })`: the members of a group, for the admin's group page. Guarded as
 * `admin.groups.list` (staff + auth.view_group), since it shows no more than memberships.
 */
export const groupMembers = guarded(
  perms.and(perms.isAdminUser, perms.modelPermissions(group, { mutation: 'change' })),
)
  .input(idInput)
  .query(({ ctx, input }) =>
    ctx.db
      .select({ id: user.id, username: user.username, isActive: user.isActive })
      .from(userGroup)
      .innerJoin(user, eq(user.id, userGroup.userId))
      .where(eq(userGroup.groupId, input.id))
      .orderBy(asc(user.username)),
  );
