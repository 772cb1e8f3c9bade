import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { AuditAction } from '@warden/authz/schema';
import { type ReactNode, useState } from 'react';
import { trpc } from '../../api/trpc';
import { Query } from '../../ui/states';

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
        <Link to="/admin/users/$userId" params={{ userId: String(targetUserId) }}>
          user #{targetUserId}
        </Link>
      )}{' '}
      {targetGroupId === null ? null : (
        <Link to="/admin/groups/$groupId" params={{ groupId: String(targetGroupId) }}>
          group #{targetGroupId}
        </Link>
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
      <Link to="/admin/users/$userId" params={{ userId: String(actorId) }}>
        #{actorId}
      </Link>
    </>
  );
}

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** Who changed which permissions, newest first, filtered by action. */
export function AuditPage(): ReactNode {
  const [action, setAction] = useState<Action | ''>('');
  const log = useQuery(
    trpc.admin.audit.queryOptions({ limit: 100, ...(action === '' ? {} : { action }) }),
  );
  return (
    <section className="page">
      <p className="crumbs">
        <Link to="/admin">Admin</Link> /
      </p>
      <h1>Audit log</h1>
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
      <Query query={log} rows={8}>
        {(rows) =>
          rows.length === 0 ? (
            <p className="empty">No changes recorded yet.</p>
          ) : (
            <div className="table-wrap">
              <table className="table" aria-label="Audit log">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">Action</th>
                    <th scope="col">What</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.id}>
                      <td>{when.format(new Date(r.at))}</td>
                      <td>
                        <Who row={r} /> <span className="badge hide-phone">{r.via}</span>
                      </td>
                      <td>{LABELS[r.action]}</td>
                      <td>
                        <What row={r} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Query>
    </section>
  );
}
