import { TRPCError } from '@trpc/server';
import { grantsOnObject } from '@warden/authz';
import { user } from '@warden/authz/schema';
import { z } from 'zod';
import { registry } from '../registry.js';
import { guarded, objectKeyInput, perms } from '../trpc.js';

/**
 * `admin.objectGrants({ model: 'shop.product', objectId })`: every user and group grant on one
 * object, as django-guardian's "object permissions" admin page lists them. Reading grants is
 * reading users: staff + auth.view_user, as `admin.users.get`.
 */
export const objectGrants = guarded(
  perms.and(perms.isAdminUser, perms.modelPermissions(user, { mutation: 'change' })),
)
  .input(
    z.object({
      model: z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/),
      // The shared key schema: a NUL in a free-form string reached the database as a 500 (#8).
      objectId: objectKeyInput,
    }),
  )
  .query(async ({ ctx, input }) => {
    const [appLabel = '', model = ''] = input.model.split('.');
    if (!registry.models.some((m) => m.appLabel === appLabel && m.model === model))
      throw new TRPCError({ code: 'BAD_REQUEST', message: `unknown model '${input.model}'` });
    return grantsOnObject(ctx.db, { appLabel, model }, String(input.objectId));
  });
