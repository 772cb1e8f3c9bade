import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Withdraws an invitation not yet used: its link then finds nothing. */
export function useWithdrawInvitation() {
  return useMutation(
    trpc.organization.invitations.withdraw.mutationOptions({
      meta: { refreshes: trpc.organization.pathKey() },
    }),
  );
}
