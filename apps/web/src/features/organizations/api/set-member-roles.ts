import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Makes a member's roles exactly these, under the scoped escalation rules. */
export function useSetMemberRoles() {
  return useMutation(
    trpc.organization.members.setRoles.mutationOptions({
      meta: { refreshes: trpc.organization.pathKey() },
    }),
  );
}
