import { initTRPC } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { everyProductPage, productListAnswer, productListInput } from '@warden/api';
import type { Database } from '@warden/db';
import { Hono } from 'hono';

/**
 * The protected list's work with nothing else: `shop.products.list` for a reader with a global
 * grant, from the same input schema, the same prepared statement on the same table and the same
 * answer (`@warden/api`'s product-page.ts, which the router uses), through Hono and tRPC's fetch
 * adapter as the app serves it; no authentication, permission check, middleware or headers.
 */
export function sameWorkApp(db: Database): Hono {
  const t = initTRPC.create();
  const router = t.router({
    shop: t.router({
      products: t.router({
        list: t.procedure.input(productListInput).query(async ({ input }) => {
          const offset = input.after === undefined ? (input.page - 1) * input.pageSize : 0;
          const items = await everyProductPage(db).execute({
            after: input.after ?? 0,
            limit: input.pageSize,
            offset,
          });
          return productListAnswer(items, null, input);
        }),
      }),
    }),
  });
  const app = new Hono();
  app.all('/trpc/*', (c) =>
    fetchRequestHandler({ endpoint: '/trpc', req: c.req.raw, router, createContext: () => ({}) }),
  );
  return app;
}
