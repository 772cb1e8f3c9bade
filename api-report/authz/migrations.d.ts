// @warden/authz/migrations
/**
 * authz's own drizzle-kit migrations (its tables only), like a Django app's migrations. An
 * application that composes authz's tables into its own drizzle-kit schema uses its own migrations
 * instead; this folder serves authz's tests and teams that want the auth tables as they are.
 */
export declare const authzMigrationsFolder: string;
