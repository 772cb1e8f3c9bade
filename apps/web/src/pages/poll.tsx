import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type ReactNode, useId, useState } from 'react';
import { trpc } from '../api/trpc';
import { Can } from '../auth/can';
import { useAddChoice } from '../features/polls/api/add-choice';
import { useDeleteQuestion } from '../features/polls/api/delete-question';
import { useUpdateQuestion } from '../features/polls/api/update-question';
import { useVote } from '../features/polls/api/vote';
import { CardForm } from '../ui/card-form';
import { DangerZone } from '../ui/danger-zone';
import { Field } from '../ui/fields';
import { Page } from '../ui/page';
import { Query } from '../ui/states';
import { useTextFields } from '../ui/text-fields';

export function PollPage({ id }: { id: number }): ReactNode {
  const question = useQuery(trpc.polls.questions.get.queryOptions({ id }));
  const remove = useDeleteQuestion();
  const navigate = useNavigate();
  return (
    <Page crumbs={<Link to="/polls">Polls</Link>}>
      <Query query={question} rows={5}>
        {(q) => (
          <>
            <h1>{q.questionText}</h1>
            <h2>Results</h2>
            <Results choices={q.choices} />
            <Can
              perm="polls.can_vote"
              fallback={<p className="meta">Voting needs the permission “Can vote”.</p>}
            >
              <VoteForm choices={q.choices} />
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
              <DangerZone
                state={remove}
                label="Delete question"
                confirm="Yes, delete the question and its votes"
                onConfirm={() =>
                  remove.mutate({ id }, { onSuccess: () => navigate({ to: '/polls' }) })
                }
              />
            </Can>
          </>
        )}
      </Query>
    </Page>
  );
}

interface Choice {
  readonly id: number;
  readonly choiceText: string;
  readonly votes: number;
}

/** Each choice's votes, with a bar of its share. */
function Results({ choices }: { choices: readonly Choice[] }): ReactNode {
  if (choices.length === 0) return <p className="empty">No choices yet.</p>;
  const total = choices.reduce((n, c) => n + c.votes, 0);
  return (
    <ul className="results" aria-label="Results">
      {choices.map((c) => {
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
  );
}

function VoteForm({ choices }: { choices: readonly Choice[] }): ReactNode {
  const [picked, setPicked] = useState<number | null>(null);
  const name = useId();
  const vote = useVote();
  if (choices.length === 0) return null;
  return (
    <CardForm
      label="Vote"
      heading={false}
      submit="Vote"
      state={vote}
      saved="Thank you: your vote is counted."
      incomplete={picked === null}
      onSubmit={() => {
        if (picked !== null) vote.mutate({ choiceId: picked });
      }}
    >
      <fieldset>
        <legend>Your vote</legend>
        {choices.map((c) => (
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
    </CardForm>
  );
}

function AddChoice({ questionId }: { questionId: number }): ReactNode {
  const form = useTextFields({ choiceText: '' });
  const add = useAddChoice();
  return (
    <CardForm
      label="Add a choice"
      submit="Add choice"
      state={add}
      onSubmit={() => add.mutate({ questionId, ...form.values }, { onSuccess: form.clear })}
    >
      <Field label="Choice" {...form.field('choiceText')} required />
    </CardForm>
  );
}

function EditQuestion(props: { id: number; text: string }): ReactNode {
  const form = useTextFields({ questionText: props.text });
  const save = useUpdateQuestion();
  return (
    <CardForm
      label="Edit question"
      submit="Save"
      state={save}
      saved="Saved."
      onSubmit={() => save.mutate({ id: props.id, ...form.values })}
    >
      <Field label="Question" {...form.field('questionText')} required />
    </CardForm>
  );
}
