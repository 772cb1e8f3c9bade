import { user } from '@warden/authz/schema';
import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { organization } from '../orgs/tables.js';

export const product = pgTable(
  'shop_product',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    priceCents: integer('price_cents').notNull(),
    /** Owners may change their own products (DRF's IsOwnerOrReadOnly). */
    ownerId: integer('owner_id').references(() => user.id, { onDelete: 'set null' }),
    /**
     * The organization the product belongs to: its members' roles reach it (the registry's
     * `scopes`). Null for a product of none, reached by global and object grants only, as every
     * product was before organizations. Set null when the organization goes: its memberships and
     * grants end with it (the cleanup trigger), so nobody gains access and no product is lost.
     */
    orgId: integer('org_id').references(() => organization.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('shop_product_owner_id_idx').on(t.ownerId),
    // Lists filter on it: `org_id = any(the organizations the user holds the codename in)`.
    index('shop_product_org_id_idx').on(t.orgId),
  ],
);
