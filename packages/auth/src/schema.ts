import { user } from '@warden/authz/schema';

import {
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

// Every table this package needs, @warden/authz's included, for queries and foreign keys in one
// import. Their DDL is not the app's: `wardenMigrations` creates them (authz's, then auth's), so an
// app's drizzle-kit schema imports from here but does not re-export these tables.
export * from '@warden/authz/schema';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  // postgres.js hands back a Buffer, PGlite a Uint8Array: both are Uint8Array.
  fromDriver: (value) => new Uint8Array(value),
});

// Lucia's reference design: the token is `<id>.<secret>`; only SHA-256(secret) is stored, so a
// leaked table gives no usable session.
export const session = pgTable(
  'auth_session',
  {
    id: text('id').primaryKey(),
    secretHash: bytea('secret_hash').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Bumped at most once per activity interval, so a request rarely writes. */
    lastVerifiedAt: timestamp('last_verified_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('auth_session_user_id_idx').on(t.userId),
    index('auth_session_last_verified_at_idx').on(t.lastVerifiedAt),
  ],
);

/** Bearer tokens for scripts and mobile clients: `wdn_<id>.<secret>`, hashed like sessions. */
export const apiToken = pgTable(
  'auth_api_token',
  {
    id: text('id').primaryKey(),
    secretHash: bytea('secret_hash').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
  },
  (t) => [index('auth_api_token_user_id_idx').on(t.userId)],
);

/**
 * Failed logins per username and per client address, in Postgres so that every server process
 * sees the same counts.
 */
export const loginThrottle = pgTable(
  'auth_login_throttle',
  {
    scope: text('scope', { enum: ['username', 'address'] }).notNull(),
    key: text('key').notNull(),
    failures: integer('failures').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    blockedUntil: timestamp('blocked_until', { withTimezone: true }),
  },
  (t) => [primaryKey({ name: 'auth_login_throttle_pkey', columns: [t.scope, t.key] })],
);
