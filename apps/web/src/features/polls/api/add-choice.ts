import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Adds a choice to a question (`polls.add_choice`); the polls refresh. */
export function useAddChoice() {
  return useMutation(
    trpc.polls.choices.create.mutationOptions({ meta: { refreshes: trpc.polls.pathKey() } }),
  );
}
