import { and, eq } from 'drizzle-orm';
import {
  groupObjectPermission,
  groupPermission,
  userObjectPermission,
  userPermission,
} from './schema.js';
import type { AnyPgDatabase } from './types.js';

/**
 * Inserts or deletes one grant row: a user's or a group's, global or on object `key`. Returns
 * whether a row changed (granting twice or revoking what was never granted changes nothing, and
 * is not audited). The four tables differ in their columns, hence four plain statements.
 */
export async function writeGrantRow(
  tx: AnyPgDatabase,
  mode: 'grant' | 'revoke',
  holder: { userId: number } | { groupId: number },
  permissionId: number,
  key: string | undefined,
): Promise<boolean> {
  let changed: unknown[];
  if ('userId' in holder) {
    const { userId } = holder;
    if (key === undefined) {
      changed =
        mode === 'grant'
          ? await tx
              .insert(userPermission)
              .values({ userId, permissionId })
              .onConflictDoNothing()
              .returning()
          : await tx
              .delete(userPermission)
              .where(
                and(
                  eq(userPermission.userId, userId),
                  eq(userPermission.permissionId, permissionId),
                ),
              )
              .returning();
    } else {
      const row = { userId, permissionId, objectPk: key };
      changed =
        mode === 'grant'
          ? await tx.insert(userObjectPermission).values(row).onConflictDoNothing().returning()
          : await tx
              .delete(userObjectPermission)
              .where(
                and(
                  eq(userObjectPermission.userId, userId),
                  eq(userObjectPermission.permissionId, permissionId),
                  eq(userObjectPermission.objectPk, key),
                ),
              )
              .returning();
    }
  } else {
    const { groupId } = holder;
    if (key === undefined) {
      changed =
        mode === 'grant'
          ? await tx
              .insert(groupPermission)
              .values({ groupId, permissionId })
              .onConflictDoNothing()
              .returning()
          : await tx
              .delete(groupPermission)
              .where(
                and(
                  eq(groupPermission.groupId, groupId),
                  eq(groupPermission.permissionId, permissionId),
                ),
              )
              .returning();
    } else {
      const row = { groupId, permissionId, objectPk: key };
      changed =
        mode === 'grant'
          ? await tx.insert(groupObjectPermission).values(row).onConflictDoNothing().returning()
          : await tx
              .delete(groupObjectPermission)
              .where(
                and(
                  eq(groupObjectPermission.groupId, groupId),
                  eq(groupObjectPermission.permissionId, permissionId),
                  eq(groupObjectPermission.objectPk, key),
                ),
              )
              .returning();
    }
  }
  return changed.length > 0;
}
