import { useQuery } from '@tanstack/react-query';
import type { AuditAction } from '@warden/authz/schema';
import { type ReactNode, useState } from 'react';
import { type RouterOutputs, trpc } from '../../api/trpc';
import { AdminCrumbs } from '../../features/admin/components/admin-crumbs';
import { Page } from '../../ui/page';
import { QueryTable } from '../../ui/query-table';
import { RowLink } from '../../ui/row-link';
import type { Column } from '../../ui/table';

// Every action the server records, with its label: a Record over the server's type, so a new
// action there fails typecheck here until it has a label (types only: nothing of the schema ships).
const LABELS: Record<AuditAction, string> = {
  'create-user': 'user created',
  'update-user': 'user changed',
  'set-password': 'password set',
  'create-group': 'group created',
  'delete-group': 'group deleted',
  'add-member': 'member added',
  'remove-member': 'member removed',
  grant: 'granted',
  revoke: 'revoked',
  invite: 'invitation sent',
  uninvite: 'invitation withdrawn',
};
type Action = AuditAction;
const ACTIONS = Object.keys(LABELS).filter((a): a is Action => a in LABELS);
const isAction = (value: string): value is Action => ACTIONS.some((a) => a === value);

/** What changed: the codename (and object) a row names, and links to its user and group. */
function What(props: {
  row: {
    targetUserId: number | null;
    targetGroupId: number | null;
    codename: string | null;
    objectPk: string | null;
  };
}): ReactNode {
  const { targetUserId, targetGroupId, codename, objectPk } = props.row;
  return (
    <>
      {codename === null ? null : (
        <code>{objectPk === null ? codename : `${codename} on ${objectPk}`}</code>
      )}{' '}
      {targetUserId === null ? null : (
        <RowLink to="/admin/users/$id" id={targetUserId}>
          user #{targetUserId}
        </RowLink>
      )}{' '}
      {targetGroupId === null ? null : (
        <RowLink to="/admin/groups/$id" id={targetGroupId}>
          group #{targetGroupId}
        </RowLink>
      )}
    </>
  );
}

/**
 * Who made a change: the name they had then, and their id beside it, linked. The name alone was
 * ambiguous: a deleted user's name may be taken again (issue 24 #10). The operator (CLI) and the
 * database (a cleanup trigger) have no id.
 */
function Who(props: { row: { actor: string; actorId: number | null } }): ReactNode {
  const { actor, actorId } = props.row;
  if (actorId === null) return actor;
  return (
    <>
      {actor}{' '}
      <RowLink to="/admin/users/$id" id={actorId}>
        #{actorId}
      </RowLink>
    </>
  );
}

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

type Entry = RouterOutputs['admin']['audit'][number];

const COLUMNS: readonly Column<Entry>[] = [
  { header: 'When', cell: (r) => when.format(new Date(r.at)) },
  {
    header: 'Who',
    cell: (r) => (
      <>
        <Who row={r} /> <span className="badge hide-phone">{r.via}</span>
      </>
    ),
  },
  { header: 'Action', cell: (r) => LABELS[r.action] },
  { header: 'What', cell: (r) => <What row={r} /> },
];

/** Who changed which permissions, newest first, filtered by action. */
export function AuditPage(): ReactNode {
  const [action, setAction] = useState<Action | ''>('');
  const log = useQuery(
    trpc.admin.audit.queryOptions({ limit: 100, ...(action === '' ? {} : { action }) }),
  );
  return (
    <Page title="Audit log" crumbs={<AdminCrumbs />}>
      <label className="field">
        <span>Action</span>
        <select
          value={action}
          onChange={(e) => setAction(isAction(e.target.value) ? e.target.value : '')}
        >
          <option value="">every action</option>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {LABELS[a]}
            </option>
          ))}
        </select>
      </label>
      <QueryTable
        label="Audit log"
        query={log}
        skeleton={8}
        columns={COLUMNS}
        empty="No changes recorded yet."
      />
    </Page>
  );
}
