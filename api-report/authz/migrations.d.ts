// @warden/authz/migrations
/**
 * One app's committed drizzle-kit migrations and the table that records which of them ran: the
 * options of drizzle's `migrate(db, config)`, so a source can be handed to it as it is.
 *
 * Warden applies migrations as Django does: each app owns its folder, the apps are applied in
 * dependency order, and each folder keeps its own history table. (drizzle's migrator skips every
 * migration dated before the newest row of its table, so two folders sharing one table would
 * hide each other's migrations.)
 */
export interface MigrationSource {
    /** Absolute path of the drizzle-kit `out` folder (the `.sql` files and `meta/_journal.json`). */
    readonly migrationsFolder: string;
    /** The history table, in drizzle's `drizzle` schema; one per source. */
    readonly migrationsTable: string;
}
/**
 * authz's tables (`auth_user`, `auth_group`, `auth_permission`, `auth_content_type`, the grants,
 * object grants with their cleanup triggers, and the audit log): the single source of their DDL.
 * `@warden/auth`'s `wardenMigrations` lists it before auth's own; an app applies that list, then
 * its own folder.
 *
 * @example
 * import { migrate } from 'drizzle-orm/node-postgres/migrator';
 * import { authzMigrations } from '@warden/authz/migrations';
 *
 * await migrate(db, authzMigrations); // then your app's: migrate(db, { migrationsFolder: './drizzle' })
 */
export declare const authzMigrations: MigrationSource;
