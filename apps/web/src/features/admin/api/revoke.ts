import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Revokes a grant (only of a codename one holds); the grid shows the server's answer after a refusal too. */
export function useRevoke() {
  return useMutation(
    trpc.admin.grants.revoke.mutationOptions({ meta: { refreshes: trpc.admin.pathKey() } }),
  );
}
