// The whole application schema, composed from the packages that own tables. drizzle-kit generates
// the migrations in ../drizzle from this file.
export * from '@warden/authz/schema';
