import { defineModels } from '@warden/authz';
import { group, permission, user } from '@warden/authz/schema';
import { comment, organization, post } from './schema.js';

// The models whose permissions exist: blog.view_post, blog.add_post, …, blog.delete_comment,
// and a custom one. `'blog.can_add'` anywhere a codename goes is a compile error.
export const registry = defineModels(
  { auth: { user, group, permission }, blog: { organization, post, comment } },
  {
    permissions: { 'blog.post': { can_publish: 'Can publish post' } },
    // A post's organization is its parent: a grant within an organization, or a role in it (a
    // membership), reaches that organization's posts and no others. `via` is post's column.
    scopes: { 'blog.post': { parent: 'blog.organization', via: 'orgId' } },
  },
);
export type Codename = typeof registry.$codename;
