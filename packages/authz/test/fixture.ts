import { sql } from 'drizzle-orm';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { createAuthz } from '../src/authz.js';
import { createGrants } from '../src/grants.js';
import { defineModels } from '../src/registry.js';
import { group, permission, user } from '../src/schema.js';
import { syncPermissions } from '../src/sync.js';
import type { AnyPgDatabase } from '../src/types.js';

// A model table of the tests' own, beside authz's tables, to hold object grants.
export const product = pgTable('shop_product', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  ownerId: integer('owner_id').references(() => user.id, { onDelete: 'set null' }),
});

export const registry = defineModels(
  { auth: { user, group, permission }, shop: { product } },
  {
    permissions: { 'shop.product': { can_publish: 'Can publish product' } },
    owners: { 'shop.product': 'ownerId' },
  },
);
export type Codename = typeof registry.$codename;

export async function setUp(db: AnyPgDatabase) {
  await db.execute(
    sql`create table if not exists shop_product (id integer primary key, name text not null,
      owner_id integer references auth_user (id) on delete set null)`,
  );
  await db.execute(
    sql`insert into shop_product (id, name) select i, 'product ' || i from generate_series(1, 30) i`,
  );
  await syncPermissions(db, registry, { triggers: 'install' });
  return { authz: createAuthz({ db, registry }), grants: createGrants({ db, registry }) };
}

/** Users by name (flags as given), created as the operator; their ids by name. */
export async function makeUsers(
  grants: Pick<ReturnType<typeof createGrants>, 'createUser'>,
  users: Record<string, { isStaff?: boolean; isSuperuser?: boolean }>,
): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  for (const [username, flags] of Object.entries(users))
    ids[username] = (await grants.createUser({ username, ...flags })).id;
  return ids;
}
