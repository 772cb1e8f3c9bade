import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import { guarded, perms } from '../trpc.js';
import { product } from './tables.js';

/**
 * `shop.products.abilities({ ids })`: may the current user change / delete each of these products?
 * The same rules as `update` and `delete` (owner, global grant, object grant), answered per object
 * so a list shows an Edit button only where the click will succeed. `access.canCall` cannot say
 * this: it runs only the model-level half of a guard.
 */
export const productAbilities = guarded(perms.allowAny)
  .input(z.object({ ids: z.array(z.number().int().positive()).max(100) }))
  .query(async ({ ctx, input }) => {
    const result: Record<number, { change: boolean; delete: boolean }> = {};
    if (input.ids.length === 0 || ctx.user === null) return result;
    const rows = await ctx.db.select().from(product).where(inArray(product.id, input.ids));
    for (const row of rows) {
      const owner = row.ownerId === ctx.user.id;
      result[row.id] = {
        change: owner || (await ctx.authz.hasPerm(ctx.user, 'shop.change_product', row)),
        delete: owner || (await ctx.authz.hasPerm(ctx.user, 'shop.delete_product', row)),
      };
    }
    return result;
  });
