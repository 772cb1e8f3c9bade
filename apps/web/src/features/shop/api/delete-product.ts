import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Deletes a product (owner, or `shop.delete_product`); the shop refreshes. */
export function useDeleteProduct() {
  return useMutation(
    trpc.shop.products.delete.mutationOptions({ meta: { refreshes: trpc.shop.pathKey() } }),
  );
}
