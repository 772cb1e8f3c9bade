import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Revokes one of my API tokens; the token list refreshes. */
export function useRevokeToken() {
  return useMutation(
    trpc.auth.tokens.revoke.mutationOptions({ meta: { refreshes: trpc.auth.tokens.pathKey() } }),
  );
}
