import { type SessionUser, sessionUserFields } from '@warden/auth';
import type { group, permission, user } from '@warden/authz/schema';
import { z } from 'zod';
import { type Codename, registry } from '../registry.js';
import { type ApiContext, guarded, id, perms } from '../trpc.js';

// Guarded as Django admin is: a staff user who also holds the model permission on the auth table
// (auth.view_user to list users, auth.change_group to edit memberships, …). What a change may do
// beyond that (no superuser takeover, no granting what one lacks, …) is decided by the grants API
// of @warden/authz, as `acting(ctx)`: the same rules for every caller.
type Action = 'add' | 'change' | 'delete';
export const admin = (table: typeof user | typeof group | typeof permission, mutation: Action) =>
  guarded(perms.and(perms.isAdminUser, perms.modelPermissions(table, { mutation })));

/** The grants API as the calling user, with how they came (session or token) for the audit log. */
export const acting = (ctx: Pick<ApiContext, 'grants' | 'auth'> & { user: SessionUser }) =>
  ctx.grants.as(ctx.user, { via: ctx.auth.via === 'token' ? 'token' : 'session' });

/** The columns an admin sees of a user: the session user's, never the password hash. */
export const publicUser = sessionUserFields;

/** Django's username rule, shared with `/auth/invitations/signup`. */
export { usernameInput as username } from '@warden/auth';

export const flags = z
  .object({ isActive: z.boolean(), isStaff: z.boolean(), isSuperuser: z.boolean() })
  .partial();

export const codename = z.string().refine((c): c is Codename => registry.isCodename(c), {
  error: (issue) => {
    const value = String(issue.input);
    const near = registry.suggest(value);
    return `unknown codename '${value}'${near.length ? `; did you mean '${near[0]}'?` : ''}`;
  },
});

export const grantTarget = z.union([z.object({ userId: id }), z.object({ groupId: id })]);
