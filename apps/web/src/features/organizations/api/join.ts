import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { postAuth } from '../../../api/csrf';
import { authEndpointError } from '../../../api/errors';
import { queryClient, trpc } from '../../../api/trpc';
import { setActiveOrganization } from '../active';

/** The invitation routes of the server: join as who one is, or with a new account. */
type JoinRoute = '/auth/invitations/accept' | '/auth/invitations/signup';

/**
 * Joins by an invitation link: a refusal (used, expired, a taken username) is thrown as the API's
 * error, so the page shows it as any other. Answers the organization joined.
 */
async function joinBy(route: JoinRoute, body: { token: string }): Promise<number> {
  const res = await postAuth(route, body);
  if (!res.ok) throw await authEndpointError(res);
  const answer: unknown = await res.json();
  // `{ ok, userId, scope: { appLabel: 'orgs', model: 'organization', key: '5' }, roles }`
  const scope =
    typeof answer === 'object' && answer !== null && 'scope' in answer ? answer.scope : null;
  const key = typeof scope === 'object' && scope !== null && 'key' in scope ? scope.key : null;
  const organizationId = Number(key);
  if (!Number.isSafeInteger(organizationId) || organizationId <= 0)
    throw new Error(`${route} answered without the organization joined`);
  return organizationId;
}

/**
 * The mutation of joining by `route`; joined, the organization becomes the active one and the
 * products are next. In the mutation itself, not in a page's callback: the page that asked may be
 * gone by then (its invitation now reads "used").
 */
export function useJoin<T extends { token: string }>(route: JoinRoute) {
  const navigate = useNavigate();
  return useMutation({
    mutationFn: (input: T) => joinBy(route, input),
    onSuccess: async (organizationId) => {
      setActiveOrganization(organizationId);
      // Every answer was for another organization, or for nobody: asked again where shown next
      // (not here, where the invitation would flash "used" before the products).
      await queryClient.invalidateQueries({ refetchType: 'none' });
      // Who is logged in, and what they hold there, before the products page asks.
      await queryClient.refetchQueries({ queryKey: trpc.auth.me.queryKey() });
      await navigate({ to: '/shop' });
    },
  });
}
