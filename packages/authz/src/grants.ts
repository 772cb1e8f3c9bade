import { and, eq } from 'drizzle-orm';
import type { AnyTable, AppTables } from './codenames';
import { asPgTable } from './codenames';
import { NotFoundError, PermissionNotSyncedError } from './errors';
import { objectKey, primaryKeyOf } from './object-perms';
import type { Registry } from './registry';
import {
  contentType,
  group,
  groupObjectPermission,
  groupPermission,
  permission,
  user,
  userGroup,
  userObjectPermission,
  userPermission,
} from './schema';
import type { AnyPgDatabase, ObjectRef } from './types';

export type UserRef = number | { username: string };
export type GroupRef = number | { name: string };
export type GrantTarget = { user: UserRef } | { group: GroupRef };

/** A unique value is taken (username, group name). */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

export interface NewUser {
  username: string;
  email?: string;
  /** Already hashed (packages/auth hashes); '' or absent = unusable password. */
  passwordHash?: string;
  isActive?: boolean;
  isStaff?: boolean;
  isSuperuser?: boolean;
}

/**
 * Typed management of users, groups and grants. Every call runs in one transaction; granting or
 * adding twice is a no-op; an unknown user, group, codename or object is a clear error and nothing
 * is written.
 */
export function createGrants<TApps extends AppTables, C extends string>(options: {
  db: AnyPgDatabase;
  registry: Registry<TApps, C>;
}) {
  const { db, registry } = options;

  async function userId(tx: AnyPgDatabase, ref: UserRef): Promise<number> {
    const where = typeof ref === 'number' ? eq(user.id, ref) : eq(user.username, ref.username);
    const [row] = await tx.select({ id: user.id }).from(user).where(where);
    if (row === undefined) throw new NotFoundError(`user ${describe(ref)} does not exist`);
    return row.id;
  }

  async function groupId(tx: AnyPgDatabase, ref: GroupRef): Promise<number> {
    const where = typeof ref === 'number' ? eq(group.id, ref) : eq(group.name, ref.name);
    const [row] = await tx.select({ id: group.id }).from(group).where(where);
    if (row === undefined) throw new NotFoundError(`group ${describe(ref)} does not exist`);
    return row.id;
  }

  async function permissionId(tx: AnyPgDatabase, codename: C): Promise<number> {
    const info = registry.get(codename);
    const [row] = await tx
      .select({ id: permission.id })
      .from(permission)
      .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
      .where(
        and(
          eq(contentType.appLabel, info.appLabel),
          eq(contentType.model, info.model),
          eq(permission.codename, info.localCodename),
        ),
      );
    if (row === undefined) throw new PermissionNotSyncedError(codename);
    return row.id;
  }

  /** The key of an object that must exist in the permission's model table. */
  async function existingObjectKey(tx: AnyPgDatabase, codename: C, object: ObjectRef) {
    const info = registry.get(codename);
    const model = registry.models.find(
      (m) => m.appLabel === info.appLabel && m.model === info.model,
    );
    if (model === undefined) throw new Error(`no model for '${codename}'`);
    const table = model.table as AnyTable;
    const key = objectKey(table, object);
    const { column } = primaryKeyOf(table);
    let found: unknown[];
    try {
      found = await tx
        .select({ one: column })
        .from(asPgTable(table))
        .where(eq(column, key))
        .limit(1);
    } catch {
      found = []; // a key of the wrong type ('abc' for an integer key) names no object either
    }
    if (found.length === 0) {
      throw new NotFoundError(`${info.appLabel}.${info.model} with key '${key}' does not exist`);
    }
    return key;
  }

  async function changeGrant(
    mode: 'grant' | 'revoke',
    target: GrantTarget,
    codename: C,
    object?: ObjectRef,
  ) {
    registry.get(codename); // unknown codename: error before any query
    await db.transaction(async (tx) => {
      const permId = await permissionId(tx, codename);
      const key = object === undefined ? undefined : await existingObjectKey(tx, codename, object);
      if ('user' in target) {
        const uid = await userId(tx, target.user);
        if (key === undefined) {
          const row = { userId: uid, permissionId: permId };
          if (mode === 'grant') await tx.insert(userPermission).values(row).onConflictDoNothing();
          else
            await tx
              .delete(userPermission)
              .where(and(eq(userPermission.userId, uid), eq(userPermission.permissionId, permId)));
        } else {
          const row = { userId: uid, permissionId: permId, objectPk: key };
          if (mode === 'grant')
            await tx.insert(userObjectPermission).values(row).onConflictDoNothing();
          else
            await tx
              .delete(userObjectPermission)
              .where(
                and(
                  eq(userObjectPermission.userId, uid),
                  eq(userObjectPermission.permissionId, permId),
                  eq(userObjectPermission.objectPk, key),
                ),
              );
        }
      } else {
        const gid = await groupId(tx, target.group);
        if (key === undefined) {
          const row = { groupId: gid, permissionId: permId };
          if (mode === 'grant') await tx.insert(groupPermission).values(row).onConflictDoNothing();
          else
            await tx
              .delete(groupPermission)
              .where(
                and(eq(groupPermission.groupId, gid), eq(groupPermission.permissionId, permId)),
              );
        } else {
          const row = { groupId: gid, permissionId: permId, objectPk: key };
          if (mode === 'grant')
            await tx.insert(groupObjectPermission).values(row).onConflictDoNothing();
          else
            await tx
              .delete(groupObjectPermission)
              .where(
                and(
                  eq(groupObjectPermission.groupId, gid),
                  eq(groupObjectPermission.permissionId, permId),
                  eq(groupObjectPermission.objectPk, key),
                ),
              );
        }
      }
    });
  }

  return {
    async createUser(input: NewUser): Promise<{ id: number }> {
      return db.transaction(async (tx) => {
        const [taken] = await tx
          .select({ id: user.id })
          .from(user)
          .where(eq(user.username, input.username));
        if (taken) throw new ConflictError(`username '${input.username}' is taken`);
        const [row] = await tx
          .insert(user)
          .values({
            username: input.username,
            email: input.email ?? '',
            password: input.passwordHash ?? '',
            isActive: input.isActive ?? true,
            isStaff: input.isStaff ?? false,
            isSuperuser: input.isSuperuser ?? false,
          })
          .returning({ id: user.id });
        if (row === undefined) throw new Error('insert returned no row');
        return row;
      });
    },

    async createGroup(name: string): Promise<{ id: number }> {
      return db.transaction(async (tx) => {
        const [taken] = await tx.select({ id: group.id }).from(group).where(eq(group.name, name));
        if (taken) throw new ConflictError(`group '${name}' exists`);
        const [row] = await tx.insert(group).values({ name }).returning({ id: group.id });
        if (row === undefined) throw new Error('insert returned no row');
        return row;
      });
    },

    async addToGroup(member: UserRef, to: GroupRef): Promise<void> {
      await db.transaction(async (tx) => {
        const row = { userId: await userId(tx, member), groupId: await groupId(tx, to) };
        await tx.insert(userGroup).values(row).onConflictDoNothing();
      });
    },

    async removeFromGroup(member: UserRef, from: GroupRef): Promise<void> {
      await db.transaction(async (tx) => {
        const uid = await userId(tx, member);
        const gid = await groupId(tx, from);
        await tx
          .delete(userGroup)
          .where(and(eq(userGroup.userId, uid), eq(userGroup.groupId, gid)));
      });
    },

    /** Grants a model permission, or with `object` an object permission. Idempotent. */
    grant: (target: GrantTarget, codename: C, object?: ObjectRef) =>
      changeGrant('grant', target, codename, object),

    /** Revokes what `grant` granted (a missing grant is fine). */
    revoke: (target: GrantTarget, codename: C, object?: ObjectRef) =>
      changeGrant('revoke', target, codename, object),
  };
}

function describe(ref: UserRef | GroupRef): string {
  if (typeof ref === 'number') return `#${ref}`;
  return `'${'username' in ref ? ref.username : ref.name}'`;
}
