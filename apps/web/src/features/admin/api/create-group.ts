import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Creates a group; the admin lists refresh. */
export function useCreateGroup() {
  return useMutation(
    trpc.admin.groups.create.mutationOptions({ meta: { refreshes: trpc.admin.pathKey() } }),
  );
}
