import { and, eq } from 'drizzle-orm';
import { type AuditVia, recordChange } from './audit.js';
import type { CodenameArg } from './codename-arg.js';
import type { AppTables, ObjectOf } from './codenames.js';
import { ConflictError } from './errors.js';
import {
  type AccountChange,
  type Actor,
  checkAccountChange,
  checkGrantChange,
  checkGroupDeletion,
  checkMembershipChange,
  checkNewAccount,
  isOperator,
  OPERATOR,
} from './escalation.js';
import { groupContents } from './grant-listing.js';
import { type GroupRef, grantLookups, type UserRef } from './grant-lookups.js';
import { writeGrantRow } from './grant-rows.js';
import type { Registry } from './registry.js';
import { group, user, userGroup } from './schema.js';
import { checkScopedGrantChange, checkScopedMembershipChange } from './scoped-escalation.js';
import {
  assertAboveModel,
  isWithin,
  scopeName,
  scopeRow,
  type Within,
  writeMembershipRow,
  writeScopeGrantRow,
} from './scoped-grants.js';
import type { AnyPgDatabase, ObjectRef } from './types.js';
import { insertAccount } from './unique-names.js';

export type { GroupRef, UserRef } from './grant-lookups.js';
export type GrantTarget = { user: UserRef } | { group: GroupRef };

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
 * is written. `grants.as(user)` applies the escalation rules (`escalation.ts`) to a user's changes;
 * the plain methods act as the operator (CLI, seeds), to whom only the last-superuser rule applies.
 */
export function createGrants<TApps extends AppTables, C extends string>(options: {
  db: AnyPgDatabase;
  registry: Registry<TApps, C>;
}) {
  const { db, registry } = options;

  const { userId, groupId, permissionId, existingObjectKey } = grantLookups(registry);

  async function changeGrant(
    actor: Actor,
    via: AuditVia,
    mode: 'grant' | 'revoke',
    target: GrantTarget,
    name: string,
    object?: ObjectRef | Within,
  ) {
    const codename = registry.toCodename(name); // unknown codename: error before any query
    await db.transaction(async (tx) => {
      const permId = await permissionId(tx, codename);
      const holder =
        'user' in target
          ? { userId: await userId(tx, target.user) }
          : { groupId: await groupId(tx, target.group) };
      const who =
        'userId' in holder ? { targetUserId: holder.userId } : { targetGroupId: holder.groupId };
      if (isWithin(object)) {
        // On a scope row: it covers the row's descendants of the codename's model.
        const scope = await scopeRow(tx, registry, object);
        assertAboveModel(registry.modelFor(codename), scope, registry.scopes);
        await checkScopedGrantChange(tx, actor, holder, codename, scope, registry.scopes);
        if (await writeScopeGrantRow(tx, mode, holder, permId, scope))
          await recordChange(tx, actor, via, {
            action: mode,
            ...who,
            codename,
            scope: scopeName(scope),
          });
        return;
      }
      const key = object === undefined ? undefined : await existingObjectKey(tx, codename, object);
      await checkGrantChange(tx, actor, holder, codename, key, registry);
      if (await writeGrantRow(tx, mode, holder, permId, key)) {
        await recordChange(tx, actor, via, {
          action: mode,
          ...who,
          codename,
          ...(key === undefined ? {} : { objectPk: key }),
        });
      }
    });
  }

  /**
   * Adds a user to a group, or removes them; `within` a scope row, the membership is a role there:
   * the group's model grants hold within that row's subtree only.
   */
  async function changeMembership(
    actor: Actor,
    via: AuditVia,
    mode: 'add' | 'remove',
    member: UserRef,
    to: GroupRef,
    scopeRef?: Within,
  ) {
    await db.transaction(async (tx) => {
      const uid = await userId(tx, member);
      const gid = await groupId(tx, to);
      const action = mode === 'add' ? 'add-member' : 'remove-member';
      const who = { targetUserId: uid, targetGroupId: gid };
      if (scopeRef !== undefined) {
        const scope = await scopeRow(tx, registry, scopeRef);
        await checkScopedMembershipChange(tx, actor, uid, gid, scope, registry.scopes);
        if (await writeMembershipRow(tx, mode, uid, gid, scope))
          await recordChange(tx, actor, via, { action, ...who, scope: scopeName(scope) });
        return;
      }
      await checkMembershipChange(tx, actor, uid, gid, registry);
      const changed =
        mode === 'add'
          ? await tx
              .insert(userGroup)
              .values({ userId: uid, groupId: gid })
              .onConflictDoNothing()
              .returning()
          : await tx
              .delete(userGroup)
              .where(and(eq(userGroup.userId, uid), eq(userGroup.groupId, gid)))
              .returning();
      if (changed.length > 0) await recordChange(tx, actor, via, { action, ...who });
    });
  }

  /** The changes `actor` may make; each checks the escalation rules in its own transaction. */
  function as(actor: Actor, options: { via?: AuditVia } = {}) {
    const via: AuditVia = options.via ?? (isOperator(actor) ? 'cli' : 'app');
    return {
      async createUser(input: NewUser): Promise<{ id: number }> {
        return db.transaction(async (tx) => {
          await checkNewAccount(tx, actor, input);
          // No check-then-insert: the insert decides a race for the name (a 409, never a 500).
          const row = await insertAccount(tx, input);
          const { passwordHash: _secret, ...shown } = input;
          await recordChange(tx, actor, via, {
            action: 'create-user',
            targetUserId: row.id,
            after: { ...shown, passwordSet: (input.passwordHash ?? '') !== '' },
          });
          return row;
        });
      },

      /**
       * Flags and email of an existing user. Password changes go through `@warden/auth`'s
       * `setPassword`, which applies the same rules and also ends the user's sessions and tokens.
       */
      async updateUser(ref: UserRef, changes: UserChanges): Promise<void> {
        await db.transaction(async (tx) => {
          const id = await userId(tx, ref);
          await checkAccountChange(tx, actor, id, changes, registry);
          const [before] = await tx
            .select({
              email: user.email,
              isActive: user.isActive,
              isStaff: user.isStaff,
              isSuperuser: user.isSuperuser,
            })
            .from(user)
            .where(eq(user.id, id));
          if (before === undefined || Object.keys(changes).length === 0) return;
          await tx.update(user).set(changes).where(eq(user.id, id));
          await recordChange(tx, actor, via, {
            action: 'update-user',
            targetUserId: id,
            before,
            after: { ...before, ...changes },
          });
        });
      },

      async createGroup(name: string): Promise<{ id: number }> {
        return db.transaction(async (tx) => {
          // As createUser: the insert itself decides a race for the name.
          const [row] = await tx
            .insert(group)
            .values({ name })
            .onConflictDoNothing()
            .returning({ id: group.id });
          if (row === undefined) throw new ConflictError(`group '${name}' exists`);
          await recordChange(tx, actor, via, {
            action: 'create-group',
            targetGroupId: row.id,
            after: { name },
          });
          return row;
        });
      },

      /** Adds a user to a group; `within(organization, 5)`: as their role in that row only. */
      addToGroup: (member: UserRef, to: GroupRef, scope?: Within) =>
        changeMembership(actor, via, 'add', member, to, scope),

      /** Removes what `addToGroup` added (the same `within` for a role). */
      removeFromGroup: (member: UserRef, from: GroupRef, scope?: Within) =>
        changeMembership(actor, via, 'remove', member, from, scope),

      /**
       * Deletes a group; its members lose what it granted (Django admin's group delete). Under the
       * rules that amounts to removing every member and revoking every grant, so the actor must be
       * allowed those; the audit record lists the memberships and grants it ended.
       */
      async deleteGroup(ref: GroupRef): Promise<void> {
        await db.transaction(async (tx) => {
          const gid = await groupId(tx, ref);
          // Locked first: a membership or grant added meanwhile (its foreign key shares this row)
          // waits, so what is checked and recorded is what the delete ends.
          await tx.select({ id: group.id }).from(group).where(eq(group.id, gid)).for('update');
          await checkGroupDeletion(tx, actor, gid, registry);
          const ended = await groupContents(tx, gid);
          const gone = await tx
            .delete(group)
            .where(eq(group.id, gid))
            .returning({ name: group.name });
          await recordChange(tx, actor, via, {
            action: 'delete-group',
            targetGroupId: gid,
            before: { name: gone[0]?.name ?? null, ...ended },
          });
        });
      },

      /** Grants a model permission, or with `object` an object permission. Idempotent. */
      grant: <K extends string>(
        target: GrantTarget,
        codename: CodenameArg<K, C>,
        object?: ObjectOf<TApps, K> | Within,
      ) => changeGrant(actor, via, 'grant', target, codename, object),

      /** Revokes what `grant` granted (a missing grant is fine). */
      revoke: <K extends string>(
        target: GrantTarget,
        codename: CodenameArg<K, C>,
        object?: ObjectOf<TApps, K> | Within,
      ) => changeGrant(actor, via, 'revoke', target, codename, object),
    };
  }

  // The plain methods are the operator's; `as(actor)` gives a user's, with the rules applied.
  return Object.assign(as(OPERATOR), { as });
}

/** What `updateUser` may change (Django admin's flags and email). */
export type UserChanges = Omit<AccountChange, 'password'>;

export type Grants<TApps extends AppTables, C extends string> = ReturnType<
  typeof createGrants<TApps, C>
>;
/** The grants API of one actor. */
export type ActingGrants<TApps extends AppTables, C extends string> = ReturnType<
  Grants<TApps, C>['as']
>;
