import { user } from '@warden/authz/schema';
import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const product = pgTable(
  'shop_product',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    priceCents: integer('price_cents').notNull(),
    /** Owners may change their own products (DRF's IsOwnerOrReadOnly). */
    ownerId: integer('owner_id').references(() => user.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('shop_product_owner_id_idx').on(t.ownerId)],
);
