import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { contentType, group, invitation, invitationRole, user } from './schema.js';
import type { AnyPgDatabase } from './types.js';

// The stored side of invitations: the token (shown once, kept as its SHA-256), and reading an
// invitation back with its roles and the names of its sender and taker.

/** A new invitation token: 32 random bytes, base64url (43 characters). */
export const newInvitationToken = () => randomBytes(32).toString('base64url');

/** What a token is stored as. A token is looked up by it: its bits are the secret, not a guess. */
export const invitationDigest = (token: string) => createHash('sha256').update(token).digest('hex');

/** Whether a string can be a token at all: anything else names no invitation, without a query. */
export const isInvitationToken = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);

export type InvitationStatus = 'pending' | 'accepted' | 'expired';

/** An invitation as its sender's organization and its taker see it. Never its token. */
export interface InvitationInfo {
  readonly id: number;
  /** The scope row it joins: `{ appLabel: 'orgs', model: 'organization', key: '5' }`. */
  readonly scope: { readonly appLabel: string; readonly model: string; readonly key: string };
  /** The roles (group names) it gives, by name. */
  readonly roles: readonly string[];
  readonly email: string;
  /** The sender's username; null for the operator. */
  readonly invitedBy: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly acceptedAt: Date | null;
  readonly acceptedBy: string | null;
  readonly status: InvitationStatus;
}

const sender = alias(user, 'invitation_sender');
const taker = alias(user, 'invitation_taker');

/** The invitations `where` selects, newest first, with their roles: two statements. */
export async function readInvitations(
  db: AnyPgDatabase,
  where: SQL | undefined,
  now: Date,
): Promise<InvitationInfo[]> {
  const rows = await db
    .select({
      id: invitation.id,
      appLabel: contentType.appLabel,
      model: contentType.model,
      key: invitation.scopePk,
      email: invitation.email,
      invitedBy: sender.username,
      createdAt: invitation.createdAt,
      expiresAt: invitation.expiresAt,
      acceptedAt: invitation.acceptedAt,
      acceptedBy: taker.username,
    })
    .from(invitation)
    .innerJoin(contentType, eq(contentType.id, invitation.scopeTypeId))
    .leftJoin(sender, eq(sender.id, invitation.invitedBy))
    .leftJoin(taker, eq(taker.id, invitation.acceptedBy))
    .where(where)
    .orderBy(asc(invitation.createdAt), asc(invitation.id));
  if (rows.length === 0) return [];
  const roles = await db
    .select({ invitationId: invitationRole.invitationId, name: group.name })
    .from(invitationRole)
    .innerJoin(group, eq(group.id, invitationRole.groupId))
    .where(
      inArray(
        invitationRole.invitationId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(group.name));
  return rows.reverse().map(({ appLabel, model, key, ...row }) => ({
    ...row,
    scope: { appLabel, model, key },
    roles: roles.filter((r) => r.invitationId === row.id).map((r) => r.name),
    status: statusOf(row, now),
  }));
}

export const statusOf = (
  row: { acceptedAt: Date | null; expiresAt: Date },
  now: Date,
): InvitationStatus =>
  row.acceptedAt !== null ? 'accepted' : row.expiresAt <= now ? 'expired' : 'pending';

/** The condition selecting the invitations to one scope row. */
export const toScopeRow = (scopeTypeId: number, key: string) =>
  and(eq(invitation.scopeTypeId, scopeTypeId), eq(invitation.scopePk, key));
