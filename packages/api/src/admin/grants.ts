import { TRPCError } from '@trpc/server';
import { objectGrantsOf } from '@warden/authz';
import { group, user } from '@warden/authz/schema';
import { z } from 'zod';
import type { Codename } from '../registry.js';
import { idInput, objectKeyInput, router } from '../trpc.js';
import { acting, admin, codename, grantTarget } from './shared.js';

const grantInput = z.object({
  target: grantTarget,
  codename,
  // An object's primary key: a number, or text without spaces (as keys are stored: `4`, not ` 4`).
  objectId: objectKeyInput.optional(),
});

/** Granting to a user needs auth.change_user (the guard); to a group, auth.change_group too. */
function holderOf(
  ctx: { permissions: { has(c: Codename): boolean } },
  to: z.infer<typeof grantTarget>,
): { user: number } | { group: number } {
  if ('userId' in to) return { user: to.userId };
  if (!ctx.permissions.has('auth.change_group')) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: 'permission denied: granting to a group needs auth.change_group',
    });
  }
  return { group: to.groupId };
}

/** grant / revoke: the same procedure with the other verb. */
const changeGrant = (verb: 'grant' | 'revoke') =>
  admin(user, 'change')
    .input(grantInput)
    .mutation(async ({ ctx, input }) => {
      await acting(ctx)[verb](holderOf(ctx, input.target), input.codename, input.objectId);
      return input;
    });

/** Model grants (no objectId) and object grants (objectId: the object's primary key). */
export const grantsRouter = router({
  grant: changeGrant('grant'),
  revoke: changeGrant('revoke'),
  /** Object grants of a group, for the admin's group page. */
  ofGroup: admin(group, 'change')
    .input(idInput)
    .query(({ ctx, input }) => objectGrantsOf(ctx.db, { group: input.id })),
});
