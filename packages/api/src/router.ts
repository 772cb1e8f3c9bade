import type { AnyTRPCRouter } from '@trpc/server';
import { accessRouter } from './access.js';
import { adminExtrasRouter } from './admin/extras.js';
import { adminRouter } from './admin/router.js';
import { authRouter } from './auth/router.js';
import { organizationAdminRouter } from './orgs/admin-router.js';
import { invitationRouter } from './orgs/invitation-router.js';
import { pollsRouter } from './polls/router.js';
import { shopRouter } from './shop/router.js';
import { mergeRouters, router } from './trpc.js';

export const appRouter = router({
  access: accessRouter((): AnyTRPCRouter => appRouter),
  auth: authRouter,
  polls: pollsRouter,
  shop: shopRouter,
  admin: mergeRouters(adminRouter, adminExtrasRouter),
  /** The active organization's own administration (its admins, not staff). */
  organization: organizationAdminRouter,
  invitation: invitationRouter,
});

/** The type the web app and typed clients import (types only). */
export type AppRouter = typeof appRouter;
