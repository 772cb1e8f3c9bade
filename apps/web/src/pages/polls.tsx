import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { trpc } from '../api/trpc';
import { Can } from '../auth/can';
import { useCreateQuestion } from '../features/polls/api/create-question';
import { CardForm } from '../ui/card-form';
import { Field } from '../ui/fields';
import { Page } from '../ui/page';
import { Pager } from '../ui/pager';
import { RowLink } from '../ui/row-link';
import { Empty, Query } from '../ui/states';
import { useTextFields } from '../ui/text-fields';

const PAGE_SIZE = 10;

export function PollsPage(): ReactNode {
  const { page = 1 } = useSearch({ from: '/polls' });
  const navigate = useNavigate({ from: '/polls' });
  const questions = useQuery(trpc.polls.questions.list.queryOptions({ page, pageSize: PAGE_SIZE }));
  return (
    <Page title="Polls">
      <Query query={questions} rows={4}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>No questions yet.</Empty>
          ) : (
            <>
              <ul className="list">
                {data.items.map((q) => (
                  <li key={q.id}>
                    <RowLink to="/polls/$id" id={q.id}>
                      {q.questionText}
                    </RowLink>
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
    </Page>
  );
}

function NewQuestion(): ReactNode {
  const form = useTextFields({ questionText: '', choices: '' });
  const create = useCreateQuestion();
  const { questionText, choices } = form.values;
  const choiceList = choices
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  return (
    <CardForm
      label="New question"
      submit="Add question"
      state={create}
      onSubmit={() =>
        create.mutate({ questionText, choices: choiceList }, { onSuccess: form.clear })
      }
    >
      <Field label="Question" {...form.field('questionText')} required />
      <Field label="Choices" {...form.field('choices')} hint="Separated by commas, e.g. Yes, No" />
    </CardForm>
  );
}
