import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** Any Drizzle Postgres database or transaction: PGlite, postgres.js, node-postgres, … */
// biome-ignore lint/suspicious/noExplicitAny: the schema generic is irrelevant to authz's queries
export type AnyPgDatabase = PgDatabase<PgQueryResultHKT, any>;

/**
 * What resolution needs of a user. Django's rules read only these flags; `null`/`undefined` is the
 * anonymous user. The object's identity is the cache key (Django's `_perm_cache` on the user), so a
 * request that loads its user once resolves its model permissions once.
 */
export interface AuthUser {
  readonly id: number;
  readonly isActive: boolean;
  readonly isSuperuser: boolean;
  readonly isStaff?: boolean;
}

/** An object for object-level checks: its row (the table's primary key is read) or the key itself. */
export type ObjectRef = string | number | bigint | Record<string, unknown>;
