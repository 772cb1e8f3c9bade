import { TRPCError } from '@trpc/server';
import type { AnyPgDatabase, KeysetPage } from '@warden/authz';
import { and, asc, count, eq, gt, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { guarded, id, idInput, offsetOf, perms, router, text } from '../trpc.js';
import { productAbilities } from './abilities.js';
import { everyProductPage, productListAnswer, productListInput } from './product-page.js';
import { product } from './tables.js';

/** DRF's IsOwnerOrReadOnly on the owner column the registry declares (`ownerId`). */
export const isOwnerOrReadOnly = perms.isOwnerOrReadOnly(product);

/** The product's owner, for reads and writes alike (an owner may read without a view grant). */
export const isOwner = perms.isOwner(product);

// The owner first: `or` evaluates left to right, and the object-permission side hides (404) what
// the user may not view, which must not pre-empt the owner.
const ownerOrObject = (mutation: 'change' | 'delete') =>
  perms.or(isOwnerOrReadOnly, perms.objectPermissions(product, { mutation }));

async function productOr404(db: AnyPgDatabase, id: number) {
  const [row] = await db.select().from(product).where(eq(product.id, id));
  if (row === undefined) throw new TRPCError({ code: 'NOT_FOUND', message: 'not found' });
  return row;
}

const prepareVisiblePage = (db: AnyPgDatabase, visible: SQL) =>
  db
    .select()
    .from(product)
    .where(
      and(
        or(visible, eq(product.ownerId, sql.placeholder('owner'))),
        gt(product.id, sql.placeholder('after')),
      ),
    )
    .orderBy(asc(product.id))
    .limit(sql.placeholder('limit'))
    .offset(sql.placeholder('offset'))
    .prepare('shop_product_visible_page');
const visiblePages = new WeakMap<
  AnyPgDatabase,
  WeakMap<SQL, ReturnType<typeof prepareVisiblePage>>
>();

/**
 * A page of the products `visible` (objectsFor's condition) selects or the user owns, prepared.
 * For a user holding no object grant, objectsFor gives the same condition to every request their
 * credential serves (their organizations' keys as one parameter), so it is built and planned once
 * per session instead of on every request; any other condition is built for its request.
 */
function visibleProductPage(db: AnyPgDatabase, visible: SQL) {
  const byCondition = visiblePages.get(db) ?? new WeakMap();
  visiblePages.set(db, byCondition);
  let page = byCondition.get(visible);
  if (page === undefined) {
    page = prepareVisiblePage(db, visible);
    byCondition.set(visible, page);
  }
  return page;
}

const fields = z.object({
  name: text(200).trim().min(1),
  priceCents: z.number().int().min(0).max(100_000_000),
});

export const shopRouter = router({
  products: router({
    abilities: productAbilities,

    /**
     * The products the user may view (grants, global or per object) or owns: one SQL query. The
     * total costs a `count(*)` over every visible row, so it is there only with `withTotal`; `after`
     * (the last id of the previous page, `next`) pages by key instead of by offset.
     */
    list: guarded(perms.allowAny)
      .input(productListInput)
      .query(async ({ ctx, input }) => {
        const offset = input.after === undefined ? offsetOf(input) : 0;
        // Every row visible (a global grant, a superuser): the prepared statement, planned once,
        // and no filter to build.
        // Globally: viewing products within the active organization is viewing its products only.
        const everyRow = ctx.permissions.hasGlobally('shop.view_product');
        const after = input.after ?? 0;
        // Granted rows, or owned: the page's filter names only the grants this page can show
        // (objectsFor told the page), so a user with 100,000 object grants pages as fast as one
        // with ten; the total needs them all.
        const visibleFor = async (page?: KeysetPage) => {
          const granted = await ctx.authz.objectsFor(ctx.user, 'shop.view_product', product, page);
          return ctx.user === null ? granted : or(granted, eq(product.ownerId, ctx.user.id));
        };
        const window = { after, limit: input.pageSize, offset };
        const items = everyRow
          ? await everyProductPage(ctx.db).execute(window)
          : ctx.user === null
            ? []
            : await visibleProductPage(
                ctx.db,
                await ctx.authz.objectsFor(ctx.user, 'shop.view_product', product, {
                  after,
                  limit: offset + input.pageSize,
                }),
              ).execute({ ...window, owner: ctx.user.id });
        let total: number | null = null;
        if (input.withTotal) {
          const visible = everyRow ? undefined : await visibleFor();
          const [row] = await ctx.db.select({ n: count() }).from(product).where(visible);
          total = row?.n ?? 0;
        }
        return productListAnswer(items, total, input);
      }),

    // Not ownerOrObject: IsOwnerOrReadOnly passes every read at object level, so under `or` it would
    // show any product to anyone. Reads need view on the object, or ownership.
    get: guarded(perms.or(isOwner, perms.objectPermissions(product, { mutation: 'change' })))
      .input(idInput)
      .query(async ({ ctx, input }) => {
        const row = await productOr404(ctx.db, input.id);
        await ctx.checkObject(row);
        return row;
      }),

    // In the active organization (ctx.scope), the guard asks for shop.add_product there (global,
    // or by a grant or role in it), and the product is created in it: creating in a scope needs
    // the add permission in that scope. Without one, the global grant, and no organization.
    create: guarded(perms.modelPermissions(product, { mutation: 'add' }))
      .input(fields)
      .mutation(async ({ ctx, input }) => {
        const orgId = ctx.scope === null ? null : Number(ctx.scope.key);
        const [row] = await ctx.db
          .insert(product)
          .values({ ...input, ownerId: ctx.user.id, orgId })
          .returning();
        return row;
      }),

    update: guarded(ownerOrObject('change'))
      .input(fields.partial().extend({ id }))
      .mutation(async ({ ctx, input }) => {
        const { id, ...changes } = input;
        if (Object.keys(changes).length === 0)
          throw new TRPCError({ code: 'BAD_REQUEST', message: 'nothing to change' });
        await ctx.checkObject(await productOr404(ctx.db, id));
        const [row] = await ctx.db
          .update(product)
          .set(changes)
          .where(eq(product.id, id))
          .returning();
        return row;
      }),

    delete: guarded(ownerOrObject('delete'))
      .input(idInput)
      .mutation(async ({ ctx, input }) => {
        await ctx.checkObject(await productOr404(ctx.db, input.id));
        await ctx.db.delete(product).where(and(eq(product.id, input.id)));
        return { id: input.id };
      }),
  }),
});
