import { eq } from 'drizzle-orm';
import { NotFoundError } from './errors.js';
import { fullCodename, modelPermissionsQuery, toModelPermissions } from './model-perms.js';
import { type OwnerInfo, ownedObjects } from './owners.js';
import {
  contentType,
  group,
  groupObjectPermission,
  groupPermission,
  permission,
  userGroup,
  userObjectPermission,
} from './schema.js';
import type { AnyPgDatabase } from './types.js';

// What someone holds, for the escalation rules: the powers a change could hand over (a password
// set, a group joined) or take away (a group deleted, a user locked out), compared between the
// actor and the user or group the change is about.

/** Everything someone holds: model codenames and object permissions (`codename` + NUL + key). */
export interface Holdings {
  readonly superuser: boolean;
  readonly staff: boolean;
  readonly model: ReadonlySet<string>;
  readonly objects: ReadonlySet<string>;
}

/** What the rules need to know of the app: whose rows confer powers (`defineModels`' owners). */
export interface EscalationContext {
  readonly owners: readonly OwnerInfo[];
}

const objectId = (codename: string, key: string) => `${codename}\u0000${key}`;

/**
 * A user's holdings: model grants (their own and their groups'), object grants (same), and the
 * object permissions they have by owning rows. An inactive user's grants still count: reactivating
 * them gives every one back.
 */
export async function holdingsOfUser(
  tx: AnyPgDatabase,
  row: { id: number; isActive: boolean; isStaff: boolean; isSuperuser: boolean },
  context: EscalationContext,
): Promise<Holdings> {
  const model = toModelPermissions(await modelPermissionsQuery(tx, row.id)).all;
  const direct = tx
    .select({ codename: fullCodename.as('codename'), key: userObjectPermission.objectPk })
    .from(userObjectPermission)
    .innerJoin(permission, eq(permission.id, userObjectPermission.permissionId))
    .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
    .where(eq(userObjectPermission.userId, row.id));
  const viaGroups = tx
    .select({ codename: fullCodename.as('codename'), key: groupObjectPermission.objectPk })
    .from(userGroup)
    .innerJoin(groupObjectPermission, eq(groupObjectPermission.groupId, userGroup.groupId))
    .innerJoin(permission, eq(permission.id, groupObjectPermission.permissionId))
    .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
    .where(eq(userGroup.userId, row.id));
  const objects = (await direct.unionAll(viaGroups)).map((o) => objectId(o.codename, o.key));
  for (const [codename, key] of await ownedObjects(tx, context.owners, row.id))
    objects.push(objectId(codename, key));
  return {
    superuser: row.isActive && row.isSuperuser,
    staff: row.isStaff,
    model,
    objects: new Set(objects),
  };
}

/** A group's holdings: its model and object grants. */
export async function holdingsOfGroup(
  tx: AnyPgDatabase,
  groupId: number,
): Promise<{ name: string; holdings: Holdings }> {
  const [row] = await tx.select({ name: group.name }).from(group).where(eq(group.id, groupId));
  if (row === undefined) throw new NotFoundError(`group #${groupId} does not exist`);
  const model = await tx
    .select({ codename: fullCodename })
    .from(groupPermission)
    .innerJoin(permission, eq(permission.id, groupPermission.permissionId))
    .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
    .where(eq(groupPermission.groupId, groupId));
  const objects = await tx
    .select({ codename: fullCodename, key: groupObjectPermission.objectPk })
    .from(groupObjectPermission)
    .innerJoin(permission, eq(permission.id, groupObjectPermission.permissionId))
    .innerJoin(contentType, eq(contentType.id, permission.contentTypeId))
    .where(eq(groupObjectPermission.groupId, groupId));
  return {
    name: row.name,
    holdings: {
      superuser: false,
      staff: false,
      model: new Set(model.map((m) => m.codename)),
      objects: new Set(objects.map((o) => objectId(o.codename, o.key))),
    },
  };
}

/** Whether `h` holds `codename` (on the object `key`, when given: a model grant covers it too). */
export const holds = (h: Holdings, codename: string, key?: string) =>
  h.superuser ||
  h.model.has(codename) ||
  (key !== undefined && h.objects.has(objectId(codename, key)));

/** What `other` holds that `actor` does not, as readable strings (`shop.change_product on 4`). */
export function notHeld(actor: Holdings, other: Holdings): string[] {
  const missing = [...other.model].filter((c) => !holds(actor, c)).sort();
  for (const entry of [...other.objects].sort()) {
    const [codename = '', key = ''] = entry.split('\u0000');
    if (!holds(actor, codename, key)) missing.push(`${codename} on ${key}`);
  }
  if (other.staff && !actor.staff && !actor.superuser) missing.unshift('staff status');
  return missing;
}

/** At most five items, then how many more. */
export const listed = (items: readonly string[]) =>
  items.length > 5
    ? `${items.slice(0, 5).join(', ')} and ${items.length - 5} more`
    : items.join(', ');
