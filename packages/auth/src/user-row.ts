import type { AnyPgDatabase } from '@warden/authz';
import {
  modelPermissionsQuery,
  type PermissionRow,
  type ScopedHoldingRow,
  scopedHoldingsQuery,
} from '@warden/authz/internal';
import { user } from '@warden/authz/schema';
import { type SQLWrapper, sql } from 'drizzle-orm';

/** The columns of a SessionUser (never the password hash). */
export const sessionUserFields = {
  id: user.id,
  username: user.username,
  email: user.email,
  isActive: user.isActive,
  isStaff: user.isStaff,
  isSuperuser: user.isSuperuser,
  dateJoined: user.dateJoined,
  lastLogin: user.lastLogin,
};

/**
 * The user's model permissions as a JSON array column, correlated to `userId` of the outer query:
 * what lets a credential lookup load credential + user + permissions in a single statement.
 */
export function permissionsJson(db: AnyPgDatabase, userId: SQLWrapper) {
  return sql<PermissionRow[] | string>`coalesce((select json_agg(json_build_object(
      'codename', p.codename, 'source', p.source)) from (${modelPermissionsQuery(db, userId)}) p),
      '[]'::json)`;
}

/**
 * The user's holdings on scope rows (memberships with their roles' grants, scope grants to them and
 * their groups, whether they hold object grants) as a JSON array column, correlated like `permissionsJson`: the credential lookup
 * stays one statement, and a warm request's active-organization checks read no table.
 */
export function scopedHoldingsJson(db: AnyPgDatabase, userId: SQLWrapper) {
  return sql<ScopedHoldingRow[] | string>`coalesce((select json_agg(json_build_object(
      'kind', h.kind, 'appLabel', h.app_label, 'model', h.model, 'key', h.key, 'role', h.role,
      'codename', h.codename)) from (${scopedHoldingsQuery(db, userId)}) h), '[]'::json)`;
}

/** A JSON column as its rows: postgres.js parses json columns, PGlite may hand back text. */
export function jsonRows<T>(value: T[] | string): T[] {
  return typeof value === 'string' ? JSON.parse(value) : value;
}
