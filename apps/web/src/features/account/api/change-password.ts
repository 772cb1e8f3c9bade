import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Changes one's own password (the current one first); ends one's other sessions. */
export function useChangePassword() {
  return useMutation(trpc.auth.changePassword.mutationOptions());
}
