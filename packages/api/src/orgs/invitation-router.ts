import { TRPCError } from '@trpc/server';
import { invitationTokenInput } from '@warden/auth';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { publicProcedure, router } from '../trpc.js';
import { organization } from './tables.js';

/**
 * `invitation.show({ token })`: what a link offers, for the page that accepts it (accepting is
 * `/auth/invitations/accept`, or `/signup` for a new account). A mutation although it changes
 * nothing: its input is the link's secret, which a query would put in the URL (and access logs).
 */
export const invitationRouter = router({
  show: publicProcedure("an invitation link's page: whoever holds the link may read it")
    .input(z.object({ token: invitationTokenInput }))
    .mutation(async ({ ctx, input }) => {
      const found = await ctx.memberships.peek(input.token);
      if (found === undefined || found.scope.appLabel !== 'orgs')
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: 'this invitation does not exist or was withdrawn',
        });
      const [org] = await ctx.db
        .select({ id: organization.id, name: organization.name })
        .from(organization)
        .where(eq(organization.id, Number(found.scope.key)));
      if (org === undefined)
        throw new TRPCError({ code: 'NOT_FOUND', message: 'its organization is gone' });
      const { roles, invitedBy, status, expiresAt, email } = found;
      return { organization: org, roles, invitedBy, status, expiresAt, email };
    }),
});
