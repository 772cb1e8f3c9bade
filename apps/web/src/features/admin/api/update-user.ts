import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Changes a user's email and flags, or (de)activates them, under the escalation rules. */
export function useUpdateUser() {
  return useMutation(
    trpc.admin.users.update.mutationOptions({ meta: { refreshes: trpc.admin.pathKey() } }),
  );
}
