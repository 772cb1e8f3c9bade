import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { trpc } from '../api/trpc';
import { Can } from '../auth/can';
import { Field } from '../ui/form';
import { Pager } from '../ui/pager';
import { ProblemNotice } from '../ui/problem';
import { Empty, Query } from '../ui/states';

const PAGE_SIZE = 10;

export function PollsPage(): ReactNode {
  const { page = 1 } = useSearch({ from: '/polls' });
  const navigate = useNavigate({ from: '/polls' });
  const questions = useQuery(trpc.polls.questions.list.queryOptions({ page, pageSize: PAGE_SIZE }));
  return (
    <section className="page">
      <div className="page-head">
        <h1>Polls</h1>
      </div>
      <Query query={questions} rows={4}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>No questions yet.</Empty>
          ) : (
            <>
              <ul className="list">
                {data.items.map((q) => (
                  <li key={q.id}>
                    <Link to="/polls/$questionId" params={{ questionId: String(q.id) }}>
                      {q.questionText}
                    </Link>
                    <span className="meta">
                      published {new Date(q.pubDate).toLocaleDateString('en-GB')}
                    </span>
                  </li>
                ))}
              </ul>
              <Pager
                page={page}
                pageSize={PAGE_SIZE}
                total={data.total}
                onPage={(p) => void navigate({ search: { page: p } })}
              />
            </>
          )
        }
      </Query>
      <Can perm="polls.add_question">
        <NewQuestion />
      </Can>
    </section>
  );
}

function NewQuestion(): ReactNode {
  const queryClient = useQueryClient();
  const [questionText, setQuestionText] = useState('');
  const [choices, setChoices] = useState('');
  const create = useMutation(
    trpc.polls.questions.create.mutationOptions({
      onSuccess: async () => {
        setQuestionText('');
        setChoices('');
        await queryClient.invalidateQueries({ queryKey: trpc.polls.questions.list.pathKey() });
      },
    }),
  );
  return (
    <form
      className="card form"
      aria-label="New question"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({
          questionText,
          choices: choices
            .split(',')
            .map((c) => c.trim())
            .filter(Boolean),
        });
      }}
    >
      <h2>New question</h2>
      <Field
        label="Question"
        name="questionText"
        value={questionText}
        onChange={setQuestionText}
        required
      />
      <Field
        label="Choices"
        name="choices"
        value={choices}
        onChange={setChoices}
        hint="Separated by commas, e.g. Yes, No"
      />
      <ProblemNotice error={create.error} />
      <button type="submit" className="button" disabled={create.isPending}>
        Add question
      </button>
    </form>
  );
}
