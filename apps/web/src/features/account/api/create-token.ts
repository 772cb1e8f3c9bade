import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Creates an API token; its secret is in this answer only. The token list refreshes. */
export function useCreateToken() {
  return useMutation(
    trpc.auth.tokens.create.mutationOptions({ meta: { refreshes: trpc.auth.tokens.pathKey() } }),
  );
}
