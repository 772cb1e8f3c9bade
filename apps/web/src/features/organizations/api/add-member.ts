import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Adds an existing account to the active organization with roles it may give (409 if a member). */
export function useAddOrganizationMember() {
  return useMutation(
    trpc.organization.members.add.mutationOptions({
      meta: { refreshes: trpc.organization.pathKey() },
    }),
  );
}
