import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Creates a user (staff with `auth.add_user`); the admin lists refresh. */
export function useCreateUser() {
  return useMutation(
    trpc.admin.users.create.mutationOptions({ meta: { refreshes: trpc.admin.pathKey() } }),
  );
}
