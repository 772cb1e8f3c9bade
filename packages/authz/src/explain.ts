import { and, asc, eq, sql } from 'drizzle-orm';
import type { AppTables } from './codenames.js';
import { objectKey, permissionIdSql } from './object-perms.js';
import type { Registry } from './registry.js';
import {
  group,
  groupObjectPermission,
  groupPermission,
  userGroup,
  userObjectPermission,
  userPermission,
} from './schema.js';
import { explainScoped, explainWithin } from './scoped-explain.js';
import type { AnyPgDatabase, AuthUser, ObjectRef } from './types.js';

/** Why a user holds a permission, or does not: `authz.explain(user, codename, object?)`. */
export type Explanation = { readonly codename: string; readonly message: string } & (
  | { readonly allowed: false; readonly reason: 'unknown-codename'; readonly suggestions: string[] }
  | { readonly allowed: false; readonly reason: 'anonymous' | 'inactive' | 'none' }
  /**
   * Asked without an object: no grant everywhere, but held on these scope rows (`orgs.organization:5`),
   * so a request acting in one of them, or an object below one, may.
   */
  | { readonly allowed: false; readonly reason: 'only-within'; readonly scopes: string[] }
  | { readonly allowed: true; readonly reason: 'superuser' | 'user-grant' }
  | { readonly allowed: true; readonly reason: 'group-grant'; readonly groups: string[] }
  | { readonly allowed: true; readonly reason: 'user-object-grant'; readonly object: string }
  | {
      readonly allowed: true;
      readonly reason: 'group-object-grant';
      readonly groups: string[];
      readonly object: string;
    }
  /** Granted on a scope row (`orgs.organization:5`) at or above the object. */
  | { readonly allowed: true; readonly reason: 'user-scope-grant'; readonly scope: string }
  | {
      readonly allowed: true;
      readonly reason: 'group-scope-grant';
      readonly groups: string[];
      readonly scope: string;
    }
  /** A role (a group) the user has as a member of a scope row at or above the object. */
  | {
      readonly allowed: true;
      readonly reason: 'membership';
      readonly roles: string[];
      readonly scope: string;
    }
);

const quoted = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');

/**
 * Django's ModelBackend and guardian's rules, answered with their reason: the first rule that
 * decides, in the order a check applies them (inactive, superuser, direct grant, group grant, then
 * object grants). Django has nothing like it; "why can this user do this?" was a SQL session.
 */
export async function explainPermission<TApps extends AppTables, C extends string>(
  db: AnyPgDatabase,
  registry: Registry<TApps, C>,
  user: AuthUser | null | undefined,
  codename: string,
  object?: ObjectRef,
): Promise<Explanation> {
  if (!registry.isCodename(codename)) {
    const suggestions = registry.suggest(codename).slice(0, 3);
    const hint = suggestions.length > 0 ? `; did you mean ${quoted(suggestions)}?` : '';
    return {
      codename,
      allowed: false,
      reason: 'unknown-codename',
      suggestions,
      message: `'${codename}' is no permission codename${hint}`,
    };
  }
  const perm = registry.get(codename);
  const key =
    object === undefined ? undefined : objectKey(registry.modelFor(codename).table, object);
  const on = key === undefined ? '' : ` on ${perm.appLabel}.${perm.model} ${key}`;
  if (user === null || user === undefined)
    return {
      codename,
      allowed: false,
      reason: 'anonymous',
      message: 'anonymous users hold no permission',
    };
  if (!user.isActive)
    return {
      codename,
      allowed: false,
      reason: 'inactive',
      message: 'inactive users hold no permission, superusers included',
    };
  if (user.isSuperuser)
    return {
      codename,
      allowed: true,
      reason: 'superuser',
      message: 'an active superuser holds every permission',
    };

  const permissionId = permissionIdSql(perm.appLabel, perm.localCodename);
  const direct = await db
    .select({ one: sql<number>`1` })
    .from(userPermission)
    .where(
      and(
        eq(userPermission.userId, user.id),
        sql`${userPermission.permissionId} = ${permissionId}`,
      ),
    );
  if (direct.length > 0)
    return {
      codename,
      allowed: true,
      reason: 'user-grant',
      message: `granted to the user directly (a global grant${key === undefined ? '' : ', covering every object'})`,
    };

  const viaGroups = await db
    .select({ name: group.name })
    .from(userGroup)
    .innerJoin(groupPermission, eq(groupPermission.groupId, userGroup.groupId))
    .innerJoin(group, eq(group.id, userGroup.groupId))
    .where(
      and(eq(userGroup.userId, user.id), sql`${groupPermission.permissionId} = ${permissionId}`),
    )
    .orderBy(asc(group.name));
  if (viaGroups.length > 0) {
    const groups = viaGroups.map((g) => g.name);
    return {
      codename,
      allowed: true,
      reason: 'group-grant',
      groups,
      message: `granted to the group(s) ${quoted(groups)}, which the user is in`,
    };
  }

  if (key !== undefined) {
    const mine = await db
      .select({ one: sql<number>`1` })
      .from(userObjectPermission)
      .where(
        and(
          eq(userObjectPermission.userId, user.id),
          eq(userObjectPermission.objectPk, key),
          sql`${userObjectPermission.permissionId} = ${permissionId}`,
        ),
      );
    if (mine.length > 0)
      return {
        codename,
        allowed: true,
        reason: 'user-object-grant',
        object: key,
        message: `granted to the user${on} (an object grant)`,
      };
    const theirs = await db
      .select({ name: group.name })
      .from(userGroup)
      .innerJoin(groupObjectPermission, eq(groupObjectPermission.groupId, userGroup.groupId))
      .innerJoin(group, eq(group.id, userGroup.groupId))
      .where(
        and(
          eq(userGroup.userId, user.id),
          eq(groupObjectPermission.objectPk, key),
          sql`${groupObjectPermission.permissionId} = ${permissionId}`,
        ),
      )
      .orderBy(asc(group.name));
    if (theirs.length > 0) {
      const groups = theirs.map((g) => g.name);
      return {
        codename,
        allowed: true,
        reason: 'group-object-grant',
        groups,
        object: key,
        message: `granted${on} to the group(s) ${quoted(groups)}, which the user is in`,
      };
    }
  }
  const scoped =
    key === undefined
      ? await explainWithin(db, registry, user, codename)
      : await explainScoped(db, registry, user, codename, permissionId, key);
  if (scoped !== undefined) return scoped;
  return {
    codename,
    allowed: false,
    reason: 'none',
    message: `no grant of ${codename}${on}: not to the user, nor to any of their groups`,
  };
}
