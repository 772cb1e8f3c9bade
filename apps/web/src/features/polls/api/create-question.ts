import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Adds a question with its choices (`polls.add_question`); the polls refresh. */
export function useCreateQuestion() {
  return useMutation(
    trpc.polls.questions.create.mutationOptions({ meta: { refreshes: trpc.polls.pathKey() } }),
  );
}
