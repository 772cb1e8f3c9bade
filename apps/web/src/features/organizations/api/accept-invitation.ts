import { useJoin } from './join';

/** The logged-in user joins by the link (`/auth/invitations/accept`); then acts in it. */
export function useAcceptInvitation() {
  return useJoin<{ token: string }>('/auth/invitations/accept');
}
