import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Changes a product's name or price (owner, or `shop.change_product`); the shop refreshes. */
export function useUpdateProduct() {
  return useMutation(
    trpc.shop.products.update.mutationOptions({ meta: { refreshes: trpc.shop.pathKey() } }),
  );
}
