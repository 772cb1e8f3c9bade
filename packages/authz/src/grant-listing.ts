import { and, asc, eq } from 'drizzle-orm';
import { fullCodename } from './model-perms.js';
import {
  contentType,
  group,
  groupObjectPermission,
  groupPermission,
  permission,
  user,
  userGroup,
  userObjectPermission,
} from './schema.js';
import type { AnyPgDatabase } from './types.js';

/** One object grant: the full codename and the object's key, as stored. */
export interface ObjectGrantRow {
  codename: string;
  objectId: string;
}

/**
 * The object grants a user or a group holds (django-guardian's `get_perms` for every object at
 * once), for an admin page. Ordered by codename, then key.
 */
export async function objectGrantsOf(
  db: AnyPgDatabase,
  holder: { user: number } | { group: number },
): Promise<ObjectGrantRow[]> {
  const table = 'user' in holder ? userObjectPermission : groupObjectPermission;
  const owner =
    'user' in holder
      ? eq(userObjectPermission.userId, holder.user)
      : eq(groupObjectPermission.groupId, holder.group);
  const rows = await db
    .select({
      appLabel: contentType.appLabel,
      codename: permission.codename,
      objectId: table.objectPk,
    })
    .from(table)
    .innerJoin(permission, eq(permission.id, table.permissionId))
    .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
    .where(owner)
    .orderBy(asc(contentType.appLabel), asc(permission.codename), asc(table.objectPk));
  return rows.map((r) => ({ codename: `${r.appLabel}.${r.codename}`, objectId: r.objectId }));
}

/**
 * Every user and group grant on one object (guardian's "object permissions" admin page), for the
 * model `appLabel.model` and the object's key as stored.
 */
export async function grantsOnObject(
  db: AnyPgDatabase,
  model: { appLabel: string; model: string },
  objectId: string,
): Promise<{
  users: { id: number; username: string; codename: string }[];
  groups: { id: number; name: string; codename: string }[];
}> {
  const onModel = and(eq(contentType.appLabel, model.appLabel), eq(contentType.model, model.model));
  const users = await db
    .select({ id: user.id, username: user.username, codename: permission.codename })
    .from(userObjectPermission)
    .innerJoin(user, eq(user.id, userObjectPermission.userId))
    .innerJoin(permission, eq(permission.id, userObjectPermission.permissionId))
    .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
    .where(and(onModel, eq(userObjectPermission.objectPk, objectId)))
    .orderBy(asc(user.username), asc(permission.codename));
  const groups = await db
    .select({ id: group.id, name: group.name, codename: permission.codename })
    .from(groupObjectPermission)
    .innerJoin(group, eq(group.id, groupObjectPermission.groupId))
    .innerJoin(permission, eq(permission.id, groupObjectPermission.permissionId))
    .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
    .where(and(onModel, eq(groupObjectPermission.objectPk, objectId)))
    .orderBy(asc(group.name), asc(permission.codename));
  const full = (local: string) => `${model.appLabel}.${local}`;
  return {
    users: users.map((u) => ({ ...u, codename: full(u.codename) })),
    groups: groups.map((g) => ({ ...g, codename: full(g.codename) })),
  };
}

/**
 * What a group holds and who is in it: the memberships and grants its deletion ends, as its audit
 * record lists them.
 */
export async function groupContents(db: AnyPgDatabase, groupId: number) {
  const members = await db
    .select({ id: user.id, username: user.username })
    .from(userGroup)
    .innerJoin(user, eq(user.id, userGroup.userId))
    .where(eq(userGroup.groupId, groupId))
    .orderBy(asc(user.id));
  const permissions = await db
    .select({ codename: fullCodename })
    .from(groupPermission)
    .innerJoin(permission, eq(permission.id, groupPermission.permissionId))
    .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
    .where(eq(groupPermission.groupId, groupId))
    .orderBy(asc(fullCodename));
  return {
    members,
    permissions: permissions.map((p) => p.codename),
    objectPermissions: await objectGrantsOf(db, { group: groupId }),
  };
}
