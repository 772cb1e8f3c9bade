import { useMutation } from '@tanstack/react-query';
import { trpc } from '../../../api/trpc';

/** Deletes a question and its votes (`polls.delete_question`); the polls refresh. */
export function useDeleteQuestion() {
  return useMutation(
    trpc.polls.questions.delete.mutationOptions({ meta: { refreshes: trpc.polls.pathKey() } }),
  );
}
