import { and, eq } from 'drizzle-orm';
import { type AnyTable, type AppTables, asPgTable } from './codenames.js';
import { NotFoundError, PermissionNotSyncedError } from './errors.js';
import { objectKey, primaryKeyOf } from './object-perms.js';
import type { Registry } from './registry.js';
import { contentType, group, permission, user } from './schema.js';
import type { AnyPgDatabase, ObjectRef } from './types.js';

export type UserRef = number | { username: string };
export type GroupRef = number | { name: string };

/**
 * What the grants API looks up before it changes anything: a user or group by id or name, a
 * permission row, an object's key as stored. Each a clear `NotFoundError` (or
 * `PermissionNotSyncedError`) when it names nothing.
 */
export function grantLookups<TApps extends AppTables, C extends string>(
  registry: Registry<TApps, C>,
) {
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

  /**
   * The key of an object that must exist in the permission's model table, as the database spells
   * it: `' 4'` and `'04'` name product 4 to Postgres, and are stored as `'4'`, so the grant is
   * found by every later check, list and revoke.
   */
  async function existingObjectKey(tx: AnyPgDatabase, codename: C, object: ObjectRef) {
    const info = registry.get(codename);
    const model = registry.modelFor(codename);
    const table = model.table;
    const key = objectKey(table, object);
    const stored = await storedKey(tx, table, key);
    if (stored === undefined) {
      throw new NotFoundError(`${info.appLabel}.${info.model} with key '${key}' does not exist`);
    }
    return stored;
  }

  return { userId, groupId, permissionId, existingObjectKey };
}

/**
 * The key of the row of `table` that `key` names, as the database spells it (`' 4'` and `'04'`
 * name row 4 and are stored as `'4'`, so a grant is found by every later check), or undefined when
 * it names none (a key of the wrong type, 'abc' for an integer key, names none either).
 */
export async function storedKey(
  tx: AnyPgDatabase,
  table: AnyTable,
  key: string,
): Promise<string | undefined> {
  if (!/^\S{1,200}$/.test(key) || key.includes('\0')) return undefined;
  const { column } = primaryKeyOf(table);
  try {
    // A savepoint: a failed probe must not abort the caller's transaction.
    const [row] = await tx.transaction((probe) =>
      probe.select({ key: column }).from(asPgTable(table)).where(eq(column, key)).limit(1),
    );
    return row === undefined ? undefined : String(row.key);
  } catch {
    return undefined;
  }
}

function describe(ref: UserRef | GroupRef): string {
  if (typeof ref === 'number') return `#${ref}`;
  return `'${'username' in ref ? ref.username : ref.name}'`;
}
