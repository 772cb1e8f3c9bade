import { user } from '@warden/auth/schema';
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// Only the app's own tables: drizzle-kit generates ./drizzle from this file. Warden's tables are
// Warden's migrations (`npx warden migrate`); `user` is imported for the foreign key, not exported.
// SQL name `blog_post` in app `blog` → model `post` → `blog.add_post`, …
export const post = pgTable('blog_post', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  title: text('title').notNull(),
  body: text('body').notNull().default(''),
  authorId: integer('author_id')
    .notNull()
    .references(() => user.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const comment = pgTable('blog_comment', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  postId: integer('post_id')
    .notNull()
    .references(() => post.id, { onDelete: 'cascade' }),
  text: text('text').notNull(),
});
