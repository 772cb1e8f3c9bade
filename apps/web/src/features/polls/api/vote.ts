import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Votes for a choice (`polls.can_vote`, once a question); the results refresh, after a refused second vote too. */
export function useVote() {
  return useMutation(
    trpc.polls.vote.mutationOptions({ meta: { refreshes: trpc.polls.pathKey() } }),
  );
}
