import type { AnyTRPCRouter } from '@trpc/server';
import { accessRouter } from './access';
import { adminExtrasRouter } from './admin/extras';
import { adminRouter } from './admin/router';
import { authRouter } from './auth/router';
import { pollsRouter } from './polls/router';
import { shopRouter } from './shop/router';
import { mergeRouters, router } from './trpc';

export const appRouter = router({
  access: accessRouter((): AnyTRPCRouter => appRouter),
  auth: authRouter,
  polls: pollsRouter,
  shop: shopRouter,
  admin: mergeRouters(adminRouter, adminExtrasRouter),
});

/** The type the web app and typed clients import (types only). */
export type AppRouter = typeof appRouter;
