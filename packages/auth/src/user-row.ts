import type { AnyPgDatabase } from '@warden/authz';
import { modelPermissionsQuery, type PermissionRow } from '@warden/authz/internal';
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

/** postgres.js parses json columns, PGlite may hand back text. */
export function parsePermissions(value: PermissionRow[] | string): PermissionRow[] {
  return typeof value === 'string' ? (JSON.parse(value) as PermissionRow[]) : value;
}
