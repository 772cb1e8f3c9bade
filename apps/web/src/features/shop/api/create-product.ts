import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Adds a product (`shop.add_product`), owned by the user; the shop refreshes. */
export function useCreateProduct() {
  return useMutation(
    trpc.shop.products.create.mutationOptions({ meta: { refreshes: trpc.shop.pathKey() } }),
  );
}
