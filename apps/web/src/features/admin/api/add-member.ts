import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Puts a user in a group (only one who holds all of its permissions may). */
export function useAddMember() {
  return useMutation(
    trpc.admin.groups.addMember.mutationOptions({ meta: { refreshes: trpc.admin.pathKey() } }),
  );
}
