import { and, eq, inArray, or } from 'drizzle-orm';
import { z } from 'zod';
import { guarded, id, perms } from '../trpc.js';
import { product } from './tables.js';

/**
 * `shop.products.abilities({ ids })`: may the current user change / delete each of these products?
 * The same rules as `update` and `delete` (owner, global grant, object grant), answered per object
 * so a list shows an Edit button only where the click will succeed. `access.canCall` cannot say
 * this: it runs only the model-level half of a guard.
 *
 * Only for products the user may view (a view grant, global or on the object, or ownership: what
 * `list` shows); any other id is left out exactly as an id that names no product, so the answer
 * tells nobody which hidden products exist (it answered `{ change: false, … }` for them before).
 * Ids are int4 like every id (a larger one reached the database as a 500).
 */
export const productAbilities = guarded(perms.allowAny)
  .input(z.object({ ids: z.array(id).max(100) }))
  .query(async ({ ctx, input }) => {
    const result: Record<number, { change: boolean; delete: boolean }> = {};
    if (input.ids.length === 0 || ctx.user === null) return result;
    const granted = await ctx.authz.objectsFor(ctx.user, 'shop.view_product', product);
    const visible = or(granted, eq(product.ownerId, ctx.user.id));
    const rows = await ctx.db
      .select()
      .from(product)
      .where(and(inArray(product.id, input.ids), visible));
    for (const row of rows) {
      const owner = row.ownerId === ctx.user.id;
      result[row.id] = {
        change: owner || (await ctx.authz.hasPerm(ctx.user, 'shop.change_product', row)),
        delete: owner || (await ctx.authz.hasPerm(ctx.user, 'shop.delete_product', row)),
      };
    }
    return result;
  });
