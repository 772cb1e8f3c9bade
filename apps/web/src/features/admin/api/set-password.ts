import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Sets a user's password (one's own needs the current one); ends their sessions. */
export function useSetPassword() {
  return useMutation(trpc.admin.users.setPassword.mutationOptions());
}
