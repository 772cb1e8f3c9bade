import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Grants a codename to a user or group, model-wide or on one object (only what one holds). */
export function useGrant() {
  return useMutation(
    trpc.admin.grants.grant.mutationOptions({ meta: { refreshes: trpc.admin.pathKey() } }),
  );
}
