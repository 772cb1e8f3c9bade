import { user } from '@warden/auth/schema';
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// Every table @warden/auth and @warden/authz need (users, groups, permissions, grants, object
// grants, sessions, API tokens, login throttling, audit log): one line.
export * from '@warden/auth/schema';

// The app's own tables. SQL name `blog_post` in app `blog` → model `post` → `blog.add_post`, …
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
