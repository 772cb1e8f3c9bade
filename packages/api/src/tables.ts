// Every table of the application, from the packages that own them, for Drizzle's `db.query`. Their
// DDL comes from each owner's migrations (`migrations.ts`); drizzle-kit reads only the app's own
// tables (drizzle.config.ts).
export * from '@warden/auth/schema'; // authz's tables and auth's
export * from './orgs/tables.js';
export * from './polls/tables.js';
export * from './shop/tables.js';
