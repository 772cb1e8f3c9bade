import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { type ReactNode, useId, useState } from 'react';
import { trpc } from '../api/trpc';
import { Can } from '../auth/can';
import { DangerZone } from '../ui/danger-zone';
import { Field, Saved } from '../ui/form';
import { idParam } from '../ui/params';
import { ProblemNotice } from '../ui/problem';
import { NotFoundPage, Query } from '../ui/states';

export function PollPage(): ReactNode {
  const { questionId } = useParams({ from: '/polls/$questionId' });
  const id = idParam(questionId);
  if (id === null) return <NotFoundPage />;
  return <Poll id={id} />;
}

function Poll({ id }: { id: number }): ReactNode {
  const question = useQuery(trpc.polls.questions.get.queryOptions({ id }));
  return (
    <section className="page">
      <p className="crumbs">
        <Link to="/polls">Polls</Link> /
      </p>
      <Query query={question} rows={5}>
        {(q) => {
          const total = q.choices.reduce((n, c) => n + c.votes, 0);
          return (
            <>
              <h1>{q.questionText}</h1>
              <h2>Results</h2>
              {q.choices.length === 0 ? (
                <p className="empty">No choices yet.</p>
              ) : (
                <ul className="results" aria-label="Results">
                  {q.choices.map((c) => {
                    const share = total === 0 ? 0 : Math.round((c.votes / total) * 100);
                    return (
                      <li key={c.id}>
                        <span className="result-label">{c.choiceText}</span>
                        <span className="bar" aria-hidden="true">
                          <span style={{ width: `${share}%` }} />
                        </span>
                        <span className="result-count">
                          {c.votes} {c.votes === 1 ? 'vote' : 'votes'}
                        </span>
                      </li>
                    );
                  })}
                </ul>
              )}
              <Can
                perm="polls.can_vote"
                fallback={<p className="meta">Voting needs the permission “Can vote”.</p>}
              >
                <VoteForm choices={q.choices} questionId={id} />
              </Can>
              <div className="columns">
                <Can perm="polls.add_choice">
                  <AddChoice questionId={id} />
                </Can>
                <Can perm="polls.change_question">
                  <EditQuestion id={id} text={q.questionText} />
                </Can>
              </div>
              <Can perm="polls.delete_question">
                <DeleteQuestion id={id} />
              </Can>
            </>
          );
        }}
      </Query>
    </section>
  );
}

function VoteForm(props: {
  questionId: number;
  choices: readonly { id: number; choiceText: string }[];
}): ReactNode {
  const queryClient = useQueryClient();
  const [picked, setPicked] = useState<number | null>(null);
  const name = useId();
  const vote = useMutation(
    trpc.polls.vote.mutationOptions({
      onSettled: () =>
        queryClient.invalidateQueries({
          queryKey: trpc.polls.questions.get.queryKey({ id: props.questionId }),
        }),
    }),
  );
  if (props.choices.length === 0) return null;
  return (
    <form
      className="card form"
      aria-label="Vote"
      onSubmit={(e) => {
        e.preventDefault();
        if (picked !== null) vote.mutate({ choiceId: picked });
      }}
    >
      <fieldset>
        <legend>Your vote</legend>
        {props.choices.map((c) => (
          <div className="check" key={c.id}>
            <input
              type="radio"
              id={`${name}-${c.id}`}
              name={name}
              value={c.id}
              checked={picked === c.id}
              onChange={() => setPicked(c.id)}
            />
            <label htmlFor={`${name}-${c.id}`}>{c.choiceText}</label>
          </div>
        ))}
      </fieldset>
      <ProblemNotice error={vote.error} />
      {vote.isSuccess ? <Saved>Thank you: your vote is counted.</Saved> : null}
      <button type="submit" className="button" disabled={picked === null || vote.isPending}>
        Vote
      </button>
    </form>
  );
}

function AddChoice({ questionId }: { questionId: number }): ReactNode {
  const queryClient = useQueryClient();
  const [choiceText, setChoiceText] = useState('');
  const add = useMutation(
    trpc.polls.choices.create.mutationOptions({
      onSuccess: async () => {
        setChoiceText('');
        await queryClient.invalidateQueries({
          queryKey: trpc.polls.questions.get.queryKey({ id: questionId }),
        });
      },
    }),
  );
  return (
    <form
      className="card form"
      aria-label="Add a choice"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate({ questionId, choiceText });
      }}
    >
      <h2>Add a choice</h2>
      <Field
        label="Choice"
        name="choiceText"
        value={choiceText}
        onChange={setChoiceText}
        required
      />
      <ProblemNotice error={add.error} />
      <button type="submit" className="button" disabled={add.isPending}>
        Add choice
      </button>
    </form>
  );
}

function EditQuestion(props: { id: number; text: string }): ReactNode {
  const queryClient = useQueryClient();
  const [questionText, setQuestionText] = useState(props.text);
  const save = useMutation(
    trpc.polls.questions.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.polls.pathKey() }),
    }),
  );
  return (
    <form
      className="card form"
      aria-label="Edit question"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ id: props.id, questionText });
      }}
    >
      <h2>Edit question</h2>
      <Field
        label="Question"
        name="questionText"
        value={questionText}
        onChange={setQuestionText}
        required
      />
      <ProblemNotice error={save.error} />
      {save.isSuccess ? <Saved>Saved.</Saved> : null}
      <button type="submit" className="button" disabled={save.isPending}>
        Save
      </button>
    </form>
  );
}

function DeleteQuestion({ id }: { id: number }): ReactNode {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const remove = useMutation(
    trpc.polls.questions.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.polls.pathKey() });
        await navigate({ to: '/polls' });
      },
    }),
  );
  return (
    <DangerZone
      error={remove.error}
      label="Delete question"
      confirm="Yes, delete the question and its votes"
      busy={remove.isPending}
      onConfirm={() => remove.mutate({ id })}
    />
  );
}
