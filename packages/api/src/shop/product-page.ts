import type { AnyPgDatabase } from '@warden/authz';
import { asc, gt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { id, pageInput } from '../trpc.js';
import { product } from './tables.js';

// The product list's parts that do not depend on who asks: its input, the page of every product
// (a reader with a global grant), and its answer. The router uses them, and so does the bench's
// "same work" server (bench/src/same-work.ts), so that what the bench compares the protected list
// with is this very work, not a look-alike.

/** `shop.products.list`'s input: an offset page, or a keyset one (`after`), and the total on request. */
export const productListInput = pageInput
  .unwrap()
  .extend({
    /** The number of visible products too: one more statement, a count over all of them. */
    withTotal: z.boolean().default(false),
    /** Keyset paging: the products after this id (the previous page's `next`). */
    after: id.optional(),
  })
  .default({ page: 1, pageSize: 20, withTotal: false });
export type ProductListInput = z.output<typeof productListInput>;

const pages = new WeakMap<AnyPgDatabase, ReturnType<typeof preparePage>>();
const preparePage = (db: AnyPgDatabase) =>
  db
    .select()
    .from(product)
    .where(gt(product.id, sql.placeholder('after')))
    .orderBy(asc(product.id))
    .limit(sql.placeholder('limit'))
    .offset(sql.placeholder('offset'))
    .prepare('shop_product_page');

/** A page of every product, as a named prepared statement (one per database handle). */
export function everyProductPage(db: AnyPgDatabase) {
  let page = pages.get(db);
  if (page === undefined) {
    page = preparePage(db);
    pages.set(db, page);
  }
  return page;
}

/** The list's answer: the page, the total when asked, the next page's `after`, and the input. */
export function productListAnswer<T extends { id: number }>(
  items: T[],
  total: number | null,
  input: ProductListInput,
) {
  const last = items.length === input.pageSize ? items.at(-1) : undefined;
  return { items, total, next: last?.id ?? null, ...input };
}
