import { defineModels } from '@warden/authz';
import { group, permission, user } from '@warden/authz/schema';
import { comment, post } from './schema.js';

// The models whose permissions exist: blog.view_post, blog.add_post, …, blog.delete_comment,
// and a custom one. `'blog.can_add'` anywhere a codename goes is a compile error.
export const registry = defineModels(
  { auth: { user, group, permission }, blog: { post, comment } },
  { permissions: { 'blog.post': { can_publish: 'Can publish post' } } },
);
export type Codename = typeof registry.$codename;
