import { fileURLToPath } from 'node:url';
import { wardenMigrations } from '@warden/auth';
import type { MigrationSource } from '@warden/authz';

/**
 * The demo app's own migrations: the polls and shop tables, and the object-grant cleanup triggers
 * of its registry. Only the app's DDL: Warden's tables are authz's and auth's migrations.
 */
export const appMigrations: MigrationSource = {
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  migrationsTable: '__demo_migrations',
};

/**
 * What the server applies, in order: authz's, auth's, then the app's, each folder with its own
 * history table. A module of its own, importing nothing else of the app, so a test's setup file
 * can read it without loading the routers (`@warden/api/migrations`).
 */
export const migrations: readonly MigrationSource[] = [...wardenMigrations, appMigrations];
