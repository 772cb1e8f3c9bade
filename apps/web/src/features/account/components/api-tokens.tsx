import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { type RouterOutputs, trpc } from '../../../api/trpc';
import { CardForm } from '../../../ui/card-form';
import { ConfirmButton } from '../../../ui/confirm-button';
import { Field } from '../../../ui/fields';
import { QueryTable } from '../../../ui/query-table';
import { ShownOnce } from '../../../ui/shown-once';
import { actionsColumn, type Column } from '../../../ui/table';
import { useTextFields } from '../../../ui/text-fields';
import { when } from '../../../ui/when';
import { useCreateToken } from '../api/create-token';
import { useRevokeToken } from '../api/revoke-token';

type Token = RouterOutputs['auth']['tokens']['list'][number];

const COLUMNS: readonly Column<Token>[] = [
  { header: 'Name', cell: (t) => t.name },
  { header: 'Created', className: 'hide-phone', cell: (t) => when(t.createdAt) },
  { header: 'Last used', className: 'hide-phone', cell: (t) => when(t.lastUsedAt) },
  { header: 'Expires', cell: (t) => (t.expiresAt === null ? 'never' : when(t.expiresAt)) },
];

/** My API tokens: create one (its secret shown once), see when each was used, revoke. */
export function ApiTokens(): ReactNode {
  const tokens = useQuery(trpc.auth.tokens.list.queryOptions());
  const revoke = useRevokeToken();
  const columns = [
    ...COLUMNS,
    actionsColumn<Token>((t) => (
      <ConfirmButton
        small
        label="Revoke"
        confirm={`Revoke ${t.name}`}
        busy={revoke.isPending}
        onConfirm={() => revoke.mutate({ id: t.id })}
      />
    )),
  ];
  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      <p className="meta">
        For scripts: send <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
      <NewToken />
      <QueryTable
        label="API tokens"
        query={tokens}
        skeleton={2}
        columns={columns}
        error={revoke.error}
        empty="You have no API tokens."
      />
    </section>
  );
}

function NewToken(): ReactNode {
  const form = useTextFields({ tokenName: '', expiresInDays: '' });
  const { tokenName: name, expiresInDays: days } = form.values;
  const create = useCreateToken();
  return (
    <>
      {create.data ? <ShownOnce what="token" value={create.data.token} testId="new-token" /> : null}
      <CardForm
        label="New API token"
        heading={false}
        submit="Create token"
        state={create}
        onSubmit={() => {
          const input = days.trim() === '' ? { name } : { name, expiresInDays: Number(days) };
          create.mutate(input, { onSuccess: form.clear });
        }}
      >
        <div className="row">
          <Field label="Token name" {...form.field('tokenName')} required />
          <Field
            label="Expires after (days)"
            {...form.field('expiresInDays')}
            type="number"
            min={1}
            hint="Empty: never."
          />
        </div>
      </CardForm>
    </>
  );
}
