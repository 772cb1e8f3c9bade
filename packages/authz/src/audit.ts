import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import { type Actor, isOperator } from './escalation.js';
import { type AuditAction, auditLog, user } from './schema.js';
import type { AnyPgDatabase } from './types.js';

/** How an actor came to make a change: recorded with it. */
export type AuditVia = 'session' | 'token' | 'cli' | 'app';

/** One change, as the grants API records it. */
export interface AuditEntry {
  action: AuditAction;
  targetUserId?: number;
  targetGroupId?: number;
  codename?: string;
  objectPk?: string;
  /** The scope row of a scoped grant or membership: `orgs.organization:5`. */
  scope?: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/**
 * Writes the audit row of a change, in the change's transaction: `tx` must be the transaction the
 * change ran in, so the row and the change commit or roll back together. Never a secret: a
 * password change records that it happened, not a hash.
 */
export async function recordChange(
  tx: AnyPgDatabase,
  actor: Actor,
  via: AuditVia,
  entry: AuditEntry,
): Promise<void> {
  let actorId: number | null = null;
  let name: string;
  if (isOperator(actor)) name = `operator:${actor.operator}`;
  else {
    actorId = actor.id;
    const [row] = await tx
      .select({ username: user.username })
      .from(user)
      .where(eq(user.id, actor.id));
    name = row?.username ?? `#${actor.id}`;
  }
  await tx.insert(auditLog).values({ actorId, actor: name, via, ...entry });
}

export interface AuditQuery {
  /** Changes to this user, or made by them. */
  userId?: number;
  action?: AuditAction;
  limit?: number;
  /** Rows older than this id (keyset paging, newest first). */
  before?: number;
}

/** The audit log, newest first, filtered: what the admin API shows staff. */
export async function readAuditLog(db: AnyPgDatabase, query: AuditQuery = {}) {
  const where: SQL[] = [];
  if (query.action !== undefined) where.push(eq(auditLog.action, query.action));
  if (query.before !== undefined) where.push(ltId(query.before));
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...where, query.userId === undefined ? undefined : aboutUser(query.userId)))
    .orderBy(desc(auditLog.id))
    .limit(Math.min(query.limit ?? 50, 200));
  return rows;
}

const ltId = (id: number) => lt(auditLog.id, id);
const aboutUser = (id: number) => or(eq(auditLog.targetUserId, id), eq(auditLog.actorId, id));
