import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Sends an invitation link; its token is in this answer only, so the page shows it once. */
export function useCreateInvitation() {
  return useMutation(
    trpc.organization.invitations.create.mutationOptions({
      meta: { refreshes: trpc.organization.pathKey() },
    }),
  );
}
