import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Deletes a group, its memberships and grants, under the escalation rules. */
export function useDeleteGroup() {
  return useMutation(
    trpc.admin.groups.delete.mutationOptions({ meta: { refreshes: trpc.admin.pathKey() } }),
  );
}
