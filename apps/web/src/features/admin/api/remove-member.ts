import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Takes a user out of a group (only one who holds all of its permissions may). */
export function useRemoveMember() {
  return useMutation(
    trpc.admin.groups.removeMember.mutationOptions({ meta: { refreshes: trpc.admin.pathKey() } }),
  );
}
