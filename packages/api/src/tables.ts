// Every table of the application, from the packages that own them. drizzle-kit generates the
// migrations in ../drizzle from this file; the server applies them at start.
export * from '@warden/auth/schema'; // authz's tables and auth's
export * from './polls/tables.js';
export * from './shop/tables.js';
