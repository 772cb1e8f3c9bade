import { readAuditLog } from '@warden/authz';
import { AUDIT_ACTIONS, permission, user } from '@warden/authz/schema';
import { z } from 'zod';
import { registry } from '../registry.js';
import { id, router } from '../trpc.js';
import { grantsRouter } from './grants.js';
import { groupsRouter } from './groups.js';
import { admin } from './shared.js';
import { usersRouter } from './users.js';

/** Django admin's auth pages, for staff with the auth model permissions (see `shared.ts`). */
export const adminRouter = router({
  users: usersRouter,
  groups: groupsRouter,
  grants: grantsRouter,

  /**
   * The audit log, newest first: who changed which users, groups, memberships and grants, when,
   * via what, before and after. Pages by id (`before`: the last id seen).
   */
  audit: admin(user, 'change')
    .input(
      z
        .object({
          userId: id.optional(),
          action: z.enum(AUDIT_ACTIONS).optional(),
          before: id.optional(),
          limit: z.number().int().min(1).max(200).default(50),
        })
        .default({ limit: 50 }),
    )
    .query(({ ctx, input }) => readAuditLog(ctx.db, input)),

  /** The codename table (`select name, codename from auth_permission`), from the registry. */
  codenames: admin(permission, 'change').query(() =>
    registry.permissions.map((p) => ({
      codename: p.codename,
      name: p.name,
      appLabel: p.appLabel,
      model: p.model,
      custom: p.custom,
    })),
  ),
});
