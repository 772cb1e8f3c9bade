import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Takes a member out of the active organization, with all their roles there. */
export function useRemoveOrganizationMember() {
  return useMutation(
    trpc.organization.members.remove.mutationOptions({
      meta: { refreshes: trpc.organization.pathKey() },
    }),
  );
}
