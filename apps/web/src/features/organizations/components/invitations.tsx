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
import { useCreateInvitation } from '../api/create-invitation';
import { useWithdrawInvitation } from '../api/withdraw-invitation';
import { type Role, useRoleChoice } from './role-checks';

type Invitation = RouterOutputs['organization']['invitations']['list'][number];

const STATUS: Record<Invitation['status'], ReactNode> = {
  pending: <span className="flag on">pending</span>,
  accepted: <span className="flag off">used</span>,
  expired: <span className="flag warn">expired</span>,
};

const COLUMNS: readonly Column<Invitation>[] = [
  { header: 'Status', cell: (i) => STATUS[i.status] },
  { header: 'Roles', cell: (i) => i.roles.join(', ') },
  { header: 'For', className: 'hide-phone', cell: (i) => i.email || 'whoever has the link' },
  { header: 'Sent by', className: 'hide-phone', cell: (i) => i.invitedBy ?? 'the operator' },
  { header: 'Expires', cell: (i) => when(i.expiresAt) },
  { header: 'Used by', cell: (i) => (i.acceptedBy === null ? '—' : i.acceptedBy) },
];

/**
 * The active organization's invitations: each link's status, roles, for whom and by whom, its
 * expiry; withdraw one not yet used; send a new one, whose link is shown once.
 */
export function OrganizationInvitations(props: { roles: readonly Role[] }): ReactNode {
  const invitations = useQuery(trpc.organization.invitations.list.queryOptions());
  const withdraw = useWithdrawInvitation();
  const columns = [
    ...COLUMNS,
    actionsColumn<Invitation>((i) =>
      i.status === 'pending' ? (
        <ConfirmButton
          small
          label="Withdraw"
          confirm="Withdraw the link"
          busy={withdraw.isPending}
          onConfirm={() => withdraw.mutate({ id: i.id })}
        />
      ) : null,
    ),
  ];
  return (
    <section aria-labelledby="invitations-title">
      <h2 id="invitations-title">Invitations</h2>
      <Invite roles={props.roles} />
      <QueryTable
        label="Invitations"
        query={invitations}
        skeleton={2}
        columns={columns}
        rowAttributes={(i) => ({ 'data-invitation': String(i.id), 'data-status': i.status })}
        error={withdraw.error}
        empty="No invitations sent yet."
      />
    </section>
  );
}

/**
 * A new invitation link: roles, for whom (a note; nothing is emailed), how long it lasts. The
 * token goes in the link's fragment (`/invitation#…`), which a browser sends to no server, in no
 * Referer, so it lands in no access log.
 */
function Invite(props: { roles: readonly Role[] }): ReactNode {
  const form = useTextFields({ email: '', expiresInDays: '7' });
  const roles = useRoleChoice(props.roles, 'invite');
  const create = useCreateInvitation();
  const link = create.data ? `${location.origin}/invitation#${create.data.token}` : null;
  const sent = () => {
    form.clear();
    roles.clear();
  };
  return (
    <>
      {link === null || create.data === undefined ? null : (
        <ShownOnce
          what="invitation link"
          value={link}
          testId="invitation-link"
          note={`Send it to the person you invite. It works once, until ${when(create.data.expiresAt)}.`}
        />
      )}
      <CardForm
        label="Invite someone"
        submit="Create invitation link"
        state={create}
        incomplete={roles.chosen.length === 0}
        onSubmit={() => {
          const { email, expiresInDays } = form.values;
          const input = { roles: roles.chosen, email: email.trim() };
          create.mutate({ ...input, expiresInDays: Number(expiresInDays) }, { onSuccess: sent });
        }}
      >
        {roles.checks}
        <div className="row">
          <Field
            label="For (email)"
            {...form.field('email')}
            type="email"
            autoComplete="off"
            hint="Optional: a note of whom it is for. Nothing is emailed: you send the link."
          />
          <Field
            label="Expires after (days)"
            {...form.field('expiresInDays')}
            type="number"
            min={1}
            max={30}
            required
          />
        </div>
      </CardForm>
    </>
  );
}
