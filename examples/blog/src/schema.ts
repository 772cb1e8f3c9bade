import { user } from '@warden/auth/schema';
import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// Only the app's own tables: drizzle-kit generates ./drizzle from this file. Warden's tables are
// Warden's migrations (`npx warden migrate`); `user` is imported for the foreign key, not exported.

// An organization (a tenant): a member of one, with a role (a group), holds the role's grants on
// that organization's posts only (the registry's `scopes`). Unique names: people tell them apart.
export const organization = pgTable('blog_organization', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull().unique(),
});

// SQL name `blog_post` in app `blog` → model `post` → `blog.add_post`, …
export const post = pgTable(
  'blog_post',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    authorId: integer('author_id')
      .notNull()
      .references(() => user.id),
    // The post's organization, whose members' roles reach it. Null: a post of none, reached by
    // global and object grants only; deleting an organization keeps its posts (set null), and
    // its memberships and grants end with it (the cleanup trigger).
    orgId: integer('org_id').references(() => organization.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // A member's list filters on it: `org_id = any(the organizations they hold blog.view_post in)`.
  (t) => [index('blog_post_org_id_idx').on(t.orgId)],
);

export const comment = pgTable('blog_comment', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  postId: integer('post_id')
    .notNull()
    .references(() => post.id, { onDelete: 'cascade' }),
  text: text('text').notNull(),
});
