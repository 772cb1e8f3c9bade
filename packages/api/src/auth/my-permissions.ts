import { objectGrantsOf } from '@warden/authz';
import {
  contentType,
  group,
  groupObjectPermission,
  groupPermission,
  permission,
  userGroup,
  userPermission,
} from '@warden/authz/schema';
import { asc, eq } from 'drizzle-orm';
import { registry } from '../registry.js';
import { guarded, perms } from '../trpc.js';

/** Where a held permission comes from, as the account page explains it. */
export type PermissionSource =
  | { kind: 'superuser' }
  | { kind: 'direct' }
  | { kind: 'group'; group: string };

const nameOf = (codename: string) =>
  registry.isCodename(codename) ? registry.get(codename).name : codename;

/**
 * `auth.myPermissions`: every codename the user holds with its human name and each source (a
 * direct grant, a group, superuser status), and their object grants. Django answers "what may I
 * do" (`get_all_permissions`) but not "why"; a user asking why an action is offered needs both.
 */
export const myPermissions = guarded(perms.isAuthenticated).query(async ({ ctx }) => {
  const userId = ctx.user.id;
  const direct = await ctx.db
    .select({ appLabel: contentType.appLabel, codename: permission.codename })
    .from(userPermission)
    .innerJoin(permission, eq(permission.id, userPermission.permissionId))
    .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
    .where(eq(userPermission.userId, userId));
  const viaGroups = await ctx.db
    .select({
      group: group.name,
      appLabel: contentType.appLabel,
      codename: permission.codename,
    })
    .from(userGroup)
    .innerJoin(group, eq(group.id, userGroup.groupId))
    .innerJoin(groupPermission, eq(groupPermission.groupId, group.id))
    .innerJoin(permission, eq(permission.id, groupPermission.permissionId))
    .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
    .where(eq(userGroup.userId, userId))
    .orderBy(asc(group.name));

  const sources = new Map<string, PermissionSource[]>();
  const add = (codename: string, source: PermissionSource) =>
    sources.set(codename, [...(sources.get(codename) ?? []), source]);
  if (ctx.user.isSuperuser)
    for (const p of registry.permissions) add(p.codename, { kind: 'superuser' });
  for (const d of direct) add(`${d.appLabel}.${d.codename}`, { kind: 'direct' });
  for (const g of viaGroups) add(`${g.appLabel}.${g.codename}`, { kind: 'group', group: g.group });

  const objectDirect = await objectGrantsOf(ctx.db, { user: userId });
  const objectViaGroups = await ctx.db
    .select({
      group: group.name,
      appLabel: contentType.appLabel,
      codename: permission.codename,
      objectId: groupObjectPermission.objectPk,
    })
    .from(userGroup)
    .innerJoin(group, eq(group.id, userGroup.groupId))
    .innerJoin(groupObjectPermission, eq(groupObjectPermission.groupId, group.id))
    .innerJoin(permission, eq(permission.id, groupObjectPermission.permissionId))
    .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
    .where(eq(userGroup.userId, userId));

  return {
    permissions: [...sources]
      .map(([codename, from]) => ({ codename, name: nameOf(codename), sources: from }))
      .sort((a, b) => a.codename.localeCompare(b.codename)),
    objectPermissions: [
      ...objectDirect.map((o) => ({ ...o, source: { kind: 'direct' as const } })),
      ...objectViaGroups.map(({ group: name, appLabel, codename, objectId }) => ({
        codename: `${appLabel}.${codename}`,
        objectId,
        source: { kind: 'group' as const, group: name },
      })),
    ].map((o) => ({ ...o, name: nameOf(o.codename) })),
  };
});

/**
 * `auth.permissionNames`: the human name of every codename, so a client can say "you need Can
 * change product" for a permission the user does not hold. Names only (what Django admin's
 * permission picker shows); who holds what stays behind the admin guards.
 */
export const permissionNames = guarded(perms.isAuthenticated).query(() =>
  registry.permissions.map((p) => ({ codename: p.codename, name: p.name })),
);
