import { fileURLToPath } from 'node:url';
import { authzMigrations, type MigrationSource } from '@warden/authz';

/**
 * auth's own tables (sessions, API tokens, login throttling) and the NOTIFY triggers of the
 * credential cache. They reference authz's tables, so they are applied after `authzMigrations`.
 */
export const authMigrations: MigrationSource = {
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  migrationsTable: '__warden_auth_migrations',
};

/**
 * Every table and trigger Warden needs, in the order to apply them: authz's, then auth's. What
 * `npx warden migrate` applies; an app applies its own migrations after these, and its drizzle-kit
 * schema holds only its own tables (it imports `user` for foreign keys without re-exporting it).
 *
 * @example
 * import { applyMigrations } from '@warden/authz';
 * import { wardenMigrations } from '@warden/auth';
 *
 * await applyMigrations(db, wardenMigrations); // or drizzle's migrate(db, source) for each
 */
export const wardenMigrations: readonly MigrationSource[] = [authzMigrations, authMigrations];
