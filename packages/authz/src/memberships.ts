import { asc, eq, inArray } from 'drizzle-orm';
import { type AuditVia, recordChange } from './audit.js';
import type { AppTables } from './codenames.js';
import { ConflictError, NotFoundError } from './errors.js';
import { type Actor, isOperator, OPERATOR } from './escalation.js';
import { type GroupRef, grantLookups, type UserRef } from './grant-lookups.js';
import type { NewUser } from './grants.js';
import { joinByInvitation } from './invitation-accept.js';
import {
  type InvitationInfo,
  invitationDigest,
  isInvitationToken,
  newInvitationToken,
  readInvitations,
  toScopeRow,
} from './invitation-rows.js';
import type { Registry } from './registry.js';
import { group, invitation, invitationRole, user } from './schema.js';
import { membersOf, type ScopeMember, setRolesIn } from './scope-members.js';
import { checkScopedRoles } from './scoped-escalation.js';
import { contentTypeId, scopeName, scopeRow, type Within } from './scoped-grants.js';
import type { AnyPgDatabase, AuthUser } from './types.js';
import { insertAccount } from './unique-names.js';

export type { InvitationInfo, InvitationStatus } from './invitation-rows.js';
export type { ScopeMember } from './scope-members.js';

/** What `memberships.as(user).invite` takes. */
export interface NewInvitation {
  /** The scope row it joins: `within(organization, 5)`. */
  readonly within: Within;
  /** The roles (groups) it gives there; at least one. */
  readonly roles: readonly GroupRef[];
  /** Whom it is for, if the app mails the link: recorded, not checked (the link is the key). */
  readonly email?: string;
  /** Days until it expires: 7 unless said, 1 to 30. */
  readonly expiresInDays?: number;
}

/** What joining by an invitation did: the scope row and the roles the user now holds there. */
export interface Joined {
  readonly userId: number;
  readonly scope: InvitationInfo['scope'];
  readonly roles: readonly string[];
}

const DAY_MS = 86_400_000;

/**
 * The members of scope rows (an organization's) and invitations to join one: what an
 * organization's own admins manage. A member's roles change as one change, each role given or
 * taken under the scoped escalation rules (hold, there, every grant of the role). An invitation is
 * a link holding a token shown once and stored as its SHA-256, that expires and is used at most
 * once; sending one is giving its roles, so the same rules apply, and are checked again when it is
 * accepted: a sender demoted or deactivated meanwhile has sent nothing. Who may manage members at
 * all is the app's to guard (a codename such as `orgs.manage_members` held there). Accepting joins
 * the user, or creates the account and joins it, in one transaction.
 */
export function createMemberships<TApps extends AppTables, C extends string>(options: {
  db: AnyPgDatabase;
  registry: Registry<TApps, C>;
  /** The clock expiry is measured by (tests move it). */
  now?: () => Date;
}) {
  const { db, registry } = options;
  const now = options.now ?? (() => new Date());
  const { userId, groupId } = grantLookups(registry);

  async function setRoles(
    actor: Actor,
    via: AuditVia,
    member: UserRef,
    roles: readonly GroupRef[],
    ref: Within,
  ) {
    return db.transaction(async (tx) => {
      const scope = await scopeRow(tx, registry, ref);
      const uid = await userId(tx, member);
      const groupIds: number[] = [];
      for (const role of roles) groupIds.push(await groupId(tx, role));
      return setRolesIn(tx, actor, via, uid, groupIds, scope, registry.scopes);
    });
  }

  async function create(actor: Actor, via: AuditVia, input: NewInvitation) {
    const days = input.expiresInDays ?? 7;
    if (!Number.isInteger(days) || days < 1 || days > 30)
      throw new RangeError('an invitation expires in 1 to 30 days');
    if (input.roles.length === 0) throw new RangeError('an invitation gives at least one role');
    return db.transaction(async (tx) => {
      const scope = await scopeRow(tx, registry, input.within);
      const groupIds: number[] = [];
      for (const role of input.roles) groupIds.push(await groupId(tx, role));
      const roles = [...new Set(groupIds)];
      await checkScopedRoles(tx, actor, roles, scope, registry.scopes);
      const token = newInvitationToken();
      const expiresAt = new Date(now().getTime() + days * DAY_MS);
      const [row] = await tx
        .insert(invitation)
        .values({
          tokenHash: invitationDigest(token),
          scopeTypeId: await contentTypeId(tx, scope.model),
          scopePk: scope.key,
          invitedBy: isOperator(actor) ? null : actor.id,
          email: input.email ?? '',
          expiresAt,
        })
        .returning({ id: invitation.id });
      if (row === undefined) throw new Error('the invitation was not inserted');
      await tx
        .insert(invitationRole)
        .values(roles.map((g) => ({ invitationId: row.id, groupId: g })));
      await recordChange(tx, actor, via, {
        action: 'invite',
        scope: scopeName(scope),
        after: { invitation: row.id, roles: await groupNames(tx, roles), email: input.email ?? '' },
      });
      return { id: row.id, token, expiresAt };
    });
  }

  /** Withdraws a pending invitation; the actor must be allowed to give its roles there. */
  async function revoke(actor: Actor, via: AuditVia, id: number): Promise<void> {
    await db.transaction(async (tx) => {
      const [row] = await tx.select().from(invitation).where(eq(invitation.id, id)).for('update');
      if (row === undefined) throw new NotFoundError(`invitation #${id} does not exist`);
      if (row.acceptedAt !== null)
        throw new ConflictError(`invitation #${id} was accepted: remove the member instead`);
      const [info] = await readInvitations(tx, eq(invitation.id, id), now());
      const model = registry.models.find(
        (m) => m.appLabel === info?.scope.appLabel && m.model === info?.scope.model,
      );
      if (model === undefined || info === undefined)
        throw new NotFoundError(`invitation #${id} joins no registered model`);
      const scope = { model, key: row.scopePk };
      const roles = await tx
        .select({ id: invitationRole.groupId })
        .from(invitationRole)
        .where(eq(invitationRole.invitationId, id));
      await checkScopedRoles(
        tx,
        actor,
        roles.map((r) => r.id),
        scope,
        registry.scopes,
      );
      await tx.delete(invitation).where(eq(invitation.id, id));
      await recordChange(tx, actor, via, {
        action: 'uninvite',
        scope: scopeName(scope),
        before: { invitation: id, roles: info.roles, email: info.email },
      });
    });
  }

  /** The changes `actor` may make. */
  function as(actor: Actor, opts: { via?: AuditVia } = {}) {
    const via: AuditVia = opts.via ?? (isOperator(actor) ? 'cli' : 'app');
    return {
      /**
       * Makes the member's roles within the scope row exactly `roles` (adding them as a member,
       * or with none removing them), as one change.
       */
      setRoles: (member: UserRef, roles: readonly GroupRef[], ref: Within) =>
        setRoles(actor, via, member, roles, ref),
      /** Ends the membership: every role the user has within the scope row. */
      remove: (member: UserRef, ref: Within) => setRoles(actor, via, member, [], ref),
      /** Sends an invitation: returns its token, shown this once (the link's secret). */
      invite: (input: NewInvitation) => create(actor, via, input),
      /** Withdraws a pending invitation. */
      withdraw: (id: number) => revoke(actor, via, id),
    };
  }

  return Object.assign(as(OPERATOR), {
    as,

    /** The members of a scope row with their roles there, by username. */
    async list(ref: Within): Promise<ScopeMember[]> {
      return membersOf(db, await scopeRow(db, registry, ref));
    },

    /** The invitations to a scope row, newest first, pending, accepted and expired. */
    async invitations(ref: Within): Promise<InvitationInfo[]> {
      const scope = await scopeRow(db, registry, ref);
      return readInvitations(
        db,
        toScopeRow(await contentTypeId(db, scope.model), scope.key),
        now(),
      );
    },

    /** The invitation a token names, for the page that offers to accept it; undefined for none. */
    async peek(token: string): Promise<InvitationInfo | undefined> {
      if (!isInvitationToken(token)) return undefined;
      const [info] = await readInvitations(
        db,
        eq(invitation.tokenHash, invitationDigest(token)),
        now(),
      );
      return info;
    },

    /** Joins an existing, active user by the invitation the token names. */
    accept: (token: string, member: AuthUser, opts: { via?: AuditVia } = {}): Promise<Joined> =>
      db.transaction((tx) =>
        joinByInvitation(tx, registry, now(), token, opts.via ?? 'app', async () => {
          const [row] = await tx
            .select({ isActive: user.isActive })
            .from(user)
            .where(eq(user.id, member.id));
          if (row?.isActive !== true)
            throw new NotFoundError('only an active account may accept an invitation');
          return member.id;
        }),
      ),

    /**
     * Creates the account (active, neither staff nor superuser) and joins it by the invitation,
     * in one transaction: an invitation that cannot be accepted creates no account.
     */
    acceptNewAccount: (
      token: string,
      account: Pick<NewUser, 'username' | 'email' | 'passwordHash'>,
      opts: { via?: AuditVia } = {},
    ): Promise<Joined> =>
      db.transaction((tx) =>
        joinByInvitation(tx, registry, now(), token, opts.via ?? 'app', async () => {
          const row = await insertAccount(tx, account);
          await recordChange(
            tx,
            { id: row.id, isActive: true, isSuperuser: false },
            opts.via ?? 'app',
            {
              action: 'create-user',
              targetUserId: row.id,
              after: {
                username: account.username,
                email: account.email ?? '',
                passwordSet: (account.passwordHash ?? '') !== '',
                invitation: true,
              },
            },
          );
          return row.id;
        }),
      ),
  });
}

export type Memberships<TApps extends AppTables, C extends string> = ReturnType<
  typeof createMemberships<TApps, C>
>;

async function groupNames(tx: AnyPgDatabase, ids: readonly number[]): Promise<string[]> {
  const rows = await tx
    .select({ name: group.name })
    .from(group)
    .where(inArray(group.id, [...ids]))
    .orderBy(asc(group.name));
  return rows.map((r) => r.name);
}
