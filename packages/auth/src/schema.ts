// Every table this package needs, @warden/authz's included, for queries and foreign keys in one
// import. Their DDL is not the app's: `wardenMigrations` creates them (authz's, then auth's), so an
// app's drizzle-kit schema imports from here but does not re-export these tables.
export * from '@warden/authz/schema';
export * from './tables.js';
