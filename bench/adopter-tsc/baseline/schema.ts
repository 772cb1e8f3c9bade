import { boolean, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// examples/blog's tables with a plain users table of its own instead of Warden's.
export const user = pgTable('app_user', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  username: text('username').notNull().unique(),
  isActive: boolean('is_active').notNull().default(true),
});

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
