import { useQuery } from '@tanstack/react-query';
import { trpcClient } from '../../../api/trpc';

/**
 * What an invitation link offers (`invitation.show`): the organization, the roles, who sent it,
 * whether it may still be used. A mutation on the server, so the token travels in a POST body and
 * never in a URL; read here as a query (it changes nothing), asked again after joining.
 */
export function useInvitation(token: string | null) {
  return useQuery({
    queryKey: ['invitation', token],
    queryFn: () => trpcClient.invitation.show.mutate({ token: token ?? '' }),
    enabled: token !== null,
  });
}
