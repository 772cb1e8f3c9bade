import { integer, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * An organization (a tenant): the scope its products sit in (`shop_product.org_id`). A member of
 * one holds their role's grants on its products only (the registry's `scopes`).
 */
export const organization = pgTable('orgs_organization', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  // Unique: a person (and a command line) names an organization by it.
  name: text('name').notNull().unique(),
});
