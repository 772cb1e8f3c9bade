import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Changes a question's text (`polls.change_question`); the polls refresh. */
export function useUpdateQuestion() {
  return useMutation(
    trpc.polls.questions.update.mutationOptions({ meta: { refreshes: trpc.polls.pathKey() } }),
  );
}
