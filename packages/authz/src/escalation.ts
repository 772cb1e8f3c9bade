import { and, asc, eq } from 'drizzle-orm';
import { ConflictError, NotFoundError, PermissionDeniedError } from './errors.js';
import {
  type EscalationContext,
  holdingsOfGroup,
  holdingsOfUser,
  holds,
  listed,
  notHeld,
} from './holdings.js';
import { user, userGroup } from './schema.js';
import type { AnyPgDatabase, AuthUser } from './types.js';

// Who may change permissions. Django lets anyone with `change_user` make anyone anything (its docs
// call the permission equivalent to superuser); these rules close that, for every caller of the
// grants API (admin API, web admin, app code):
//   1. only a superuser changes a superuser (password, email, flags, grants, groups);
//   2. only a superuser makes or unmakes superusers; only staff make staff;
//   3. nobody grants or revokes a codename they do not hold (on that object, for an object grant);
//   4. nobody adds anyone to, or removes anyone from, a group whose permissions they do not all hold,
//      nor deletes such a group (a delete removes every member and revokes every grant at once);
//   5. nobody sets the password or email of, deactivates, or takes staff status from another user
//      who holds anything they do not (account takeover, lock-out of a stronger admin); owned rows
//      count as held (`defineModels`' owners);
//   6. the last active superuser cannot be demoted or deactivated (operators included).
// (Rule 7, one's own password only with the current one, is `setPassword`'s in @warden/auth.)
// The actor is re-read inside the change's transaction: a demoted admin's open session is stale.

/** The command line (or a seed script) acting with the database owner's authority, and saying so. */
export interface Operator {
  readonly operator: string;
}
/** Who makes a change: a user (rules 1–5 apply) or the operator (only rule 6 applies). */
export type Actor = AuthUser | Operator;

export const OPERATOR: Operator = Object.freeze({ operator: 'cli' });

export const isOperator = (actor: Actor): actor is Operator => 'operator' in actor;

/** What one account change touches, for the rules above. */
export interface AccountChange {
  password?: boolean;
  email?: string;
  isActive?: boolean;
  isStaff?: boolean;
  isSuperuser?: boolean;
}

interface AccountRow {
  id: number;
  username: string;
  isActive: boolean;
  isStaff: boolean;
  isSuperuser: boolean;
}

async function accountRow(tx: AnyPgDatabase, id: number): Promise<AccountRow | undefined> {
  const [row] = await tx
    .select({
      id: user.id,
      username: user.username,
      isActive: user.isActive,
      isStaff: user.isStaff,
      isSuperuser: user.isSuperuser,
    })
    .from(user)
    .where(eq(user.id, id));
  return row;
}

export async function existingAccount(tx: AnyPgDatabase, id: number): Promise<AccountRow> {
  const row = await accountRow(tx, id);
  if (row === undefined) throw new NotFoundError(`user #${id} does not exist`);
  return row;
}

/**
 * The actor the rules apply to, as stored now, or null for one they pass (the operator, an active
 * superuser). An actor who was deactivated meanwhile may change nothing.
 */
export async function ruledActor(tx: AnyPgDatabase, actor: Actor): Promise<AccountRow | null> {
  if (isOperator(actor)) return null;
  const acting = await actingUser(tx, actor);
  return acting.isSuperuser ? null : acting;
}

/** The acting user as stored now; an actor who was deactivated meanwhile may change nothing. */
async function actingUser(tx: AnyPgDatabase, actor: AuthUser): Promise<AccountRow> {
  const row = await accountRow(tx, actor.id);
  if (row === undefined || !row.isActive) {
    throw new PermissionDeniedError('the acting user is not an active user');
  }
  return row;
}

/**
 * Rules 1, 2, 5 and 6 for a change to an existing account. `context` is the app's registry (or
 * anything carrying its `owners`): rule 5 counts the rows a user owns.
 */
export async function checkAccountChange(
  tx: AnyPgDatabase,
  actor: Actor,
  targetId: number,
  change: AccountChange,
  context: EscalationContext,
): Promise<void> {
  const target = await existingAccount(tx, targetId);
  if (!isOperator(actor)) {
    const acting = await actingUser(tx, actor);
    if (!acting.isSuperuser) {
      if (target.isSuperuser) {
        throw new PermissionDeniedError(
          `only a superuser may change the superuser '${target.username}'`,
        );
      }
      if (change.isSuperuser !== undefined && change.isSuperuser !== target.isSuperuser) {
        throw new PermissionDeniedError('only a superuser may change superuser status');
      }
      if (change.isStaff === true && !target.isStaff && !acting.isStaff) {
        throw new PermissionDeniedError('only a staff user may make a user staff');
      }
      const takeover = change.password === true || change.email !== undefined;
      const lockout =
        (change.isActive === false && target.isActive) ||
        (change.isStaff === false && target.isStaff);
      if ((takeover || lockout) && acting.id !== target.id) {
        const missing = notHeld(
          await holdingsOfUser(tx, acting, context),
          await holdingsOfUser(tx, target, context),
        );
        if (missing.length > 0) {
          const what = takeover
            ? `set their ${change.password === true ? 'password' : 'email'}`
            : change.isActive === false
              ? 'deactivate them'
              : 'take their staff status';
          throw new PermissionDeniedError(
            `'${target.username}' holds what you do not (${listed(missing)}): only someone who holds all of it may ${what}`,
          );
        }
      }
    }
  }
  const demoted =
    target.isActive &&
    target.isSuperuser &&
    (change.isActive === false || change.isSuperuser === false);
  if (demoted) await keepOneSuperuser(tx, target);
}

/**
 * Rule 6. Every active superuser row is locked (FOR UPDATE, in id order so two such changes queue
 * instead of deadlocking) until the transaction ends: two superusers demoting each other at the
 * same moment cannot both succeed, since the second re-reads the first's change.
 */
async function keepOneSuperuser(tx: AnyPgDatabase, target: AccountRow): Promise<void> {
  const active = await tx
    .select({ id: user.id })
    .from(user)
    .where(and(eq(user.isSuperuser, true), eq(user.isActive, true)))
    .orderBy(asc(user.id))
    .for('update');
  if (active.every((row) => row.id === target.id)) {
    throw new ConflictError(
      `'${target.username}' is the last active superuser: make another user superuser first`,
    );
  }
}

/** Rule 2 for a new account. */
export async function checkNewAccount(
  tx: AnyPgDatabase,
  actor: Actor,
  flags: { isStaff?: boolean; isSuperuser?: boolean },
): Promise<void> {
  const acting = await ruledActor(tx, actor);
  if (acting === null) return;
  if (flags.isSuperuser === true)
    throw new PermissionDeniedError('only a superuser may create a superuser');
  if (flags.isStaff === true && !acting.isStaff)
    throw new PermissionDeniedError('only a staff user may create a staff user');
}

/** Rules 1 and 3 for granting or revoking `codename` (on the object `key`, if given). */
export async function checkGrantChange(
  tx: AnyPgDatabase,
  actor: Actor,
  target: { userId: number } | { groupId: number },
  codename: string,
  key: string | undefined,
  context: EscalationContext,
): Promise<void> {
  const acting = await ruledActor(tx, actor);
  if (acting === null) return;
  if ('userId' in target) {
    const row = await existingAccount(tx, target.userId);
    if (row.isSuperuser) {
      throw new PermissionDeniedError(
        `only a superuser may grant or revoke on the superuser '${row.username}'`,
      );
    }
  }
  if (!holds(await holdingsOfUser(tx, acting, context), codename, key)) {
    const what = key === undefined ? `'${codename}'` : `'${codename}' on object ${key}`;
    throw new PermissionDeniedError(`you may not grant or revoke ${what}: you do not hold it`);
  }
}

/** Rules 1 and 4 for adding a user to a group or removing them from it. */
export async function checkMembershipChange(
  tx: AnyPgDatabase,
  actor: Actor,
  userId: number,
  groupId: number,
  context: EscalationContext,
): Promise<void> {
  const acting = await ruledActor(tx, actor);
  if (acting === null) return;
  const member = await existingAccount(tx, userId);
  if (member.isSuperuser) {
    throw new PermissionDeniedError(
      `only a superuser may change the groups of the superuser '${member.username}'`,
    );
  }
  await requireGroupHeld(tx, acting, groupId, context, 'change its members');
}

/** Rule 4: the actor holds every grant of the group, or is refused `doing` it. Its name. */
async function requireGroupHeld(
  tx: AnyPgDatabase,
  acting: AccountRow,
  groupId: number,
  context: EscalationContext,
  doing: string,
): Promise<string> {
  const { name, holdings } = await holdingsOfGroup(tx, groupId);
  const missing = notHeld(await holdingsOfUser(tx, acting, context), holdings);
  if (missing.length > 0) {
    throw new PermissionDeniedError(
      `group '${name}' holds what you do not (${listed(missing)}): only someone who holds all of it may ${doing}`,
    );
  }
  return name;
}

/**
 * Rules 1 and 4 for deleting a group, which removes every member and revokes every grant of the
 * group at once: the actor must be allowed each of those changes. Before, a staffer with
 * `auth.delete_group` deleted a group it could not have emptied, stripping the victim, whose
 * password rule 5 then let it set.
 */
export async function checkGroupDeletion(
  tx: AnyPgDatabase,
  actor: Actor,
  groupId: number,
  context: EscalationContext,
): Promise<void> {
  const acting = await ruledActor(tx, actor);
  if (acting === null) return;
  const name = await requireGroupHeld(tx, acting, groupId, context, 'delete it');
  const [superuser] = await tx
    .select({ username: user.username })
    .from(userGroup)
    .innerJoin(user, eq(user.id, userGroup.userId))
    .where(and(eq(userGroup.groupId, groupId), eq(user.isSuperuser, true)))
    .orderBy(asc(user.id))
    .limit(1);
  if (superuser !== undefined) {
    throw new PermissionDeniedError(
      `only a superuser may delete group '${name}': its member '${superuser.username}' is a superuser`,
    );
  }
}
