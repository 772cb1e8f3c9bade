import type { AnyTRPCRouter } from '@trpc/server';
import { canCall } from '@warden/authz/trpc';
import { z } from 'zod';
import { publicProcedure, router } from './trpc.js';

/**
 * `access.canCall({ paths })`: may the current user call these procedures? The client hides what it
 * may not use; the server still checks every call. The router is passed lazily because this
 * procedure is part of the router it inspects.
 */
export function accessRouter(getRouter: () => AnyTRPCRouter) {
  return router({
    canCall: publicProcedure('may I call these: answers for anonymous users too')
      .input(z.object({ paths: z.array(z.string().min(1).max(200)).min(1).max(200) }))
      .query(({ ctx, input }) => canCall(getRouter(), ctx.authz, ctx.user, input.paths)),
  });
}
