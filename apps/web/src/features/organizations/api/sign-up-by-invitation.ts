import { useJoin } from './join';

/**
 * Creates an account by the link and joins (`/auth/invitations/signup`): the server logs it in
 * (a session cookie, a new CSRF token); then it acts in the organization.
 */
export function useSignUpByInvitation() {
  return useJoin<{ token: string; username: string; password: string; email: string }>(
    '/auth/invitations/signup',
  );
}
