import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { trpc } from '../api/trpc';
import { logOut, useMe } from '../auth/session';
import { ConfirmButton, Field, Saved } from '../ui/form';
import { ProblemNotice } from '../ui/problem';
import { Empty, Query } from '../ui/states';

const when = (value: string | null) =>
  value === null
    ? '—'
    : new Date(value).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

export function AccountPage(): ReactNode {
  const me = useMe();
  const user = me.data?.user;
  if (!user) return null;
  return (
    <section className="page">
      <h1>My account</h1>
      <dl className="facts">
        <dt>Username</dt>
        <dd>{user.username}</dd>
        <dt>Email</dt>
        <dd>{user.email || '—'}</dd>
        <dt>Status</dt>
        <dd>
          {user.isSuperuser ? 'Superuser' : user.isStaff ? 'Staff' : 'User'}
          {user.isStaff && user.isSuperuser ? ' and staff' : ''}
        </dd>
        <dt>Last login</dt>
        <dd>{when(user.lastLogin)}</dd>
      </dl>
      <MyPermissions />
      <div className="columns">
        <ChangePassword />
        <Sessions />
      </div>
      <Tokens />
    </section>
  );
}

function MyPermissions(): ReactNode {
  const mine = useQuery(trpc.auth.myPermissions.queryOptions());
  return (
    <section aria-labelledby="perms-title">
      <h2 id="perms-title">My permissions</h2>
      <Query query={mine} rows={4}>
        {(data) =>
          data.permissions.length === 0 && data.objectPermissions.length === 0 ? (
            <Empty>You hold no permissions yet. An administrator can grant them.</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table perms" aria-label="My permissions">
                  <thead>
                    <tr>
                      <th scope="col">Permission</th>
                      <th scope="col">From</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.permissions.map((p) => (
                      <tr key={p.codename}>
                        <td>
                          {p.name}
                          <code className="codename">{p.codename}</code>
                        </td>
                        <td>
                          {p.sources.map((s) => (
                            <span
                              key={s.kind === 'group' ? `g:${s.group}` : s.kind}
                              className={`source source-${s.kind}`}
                            >
                              {s.kind === 'group'
                                ? `group ${s.group}`
                                : s.kind === 'direct'
                                  ? 'direct grant'
                                  : 'superuser'}
                            </span>
                          ))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {data.objectPermissions.length > 0 ? (
                <>
                  <h3>On single objects</h3>
                  <ul className="list compact">
                    {data.objectPermissions.map((o) => (
                      <li
                        key={`${o.codename}:${o.objectId}:${o.source.kind === 'group' ? o.source.group : ''}`}
                      >
                        {o.name} on #{o.objectId} <code>{o.codename}</code>{' '}
                        <span className={`source source-${o.source.kind}`}>
                          {o.source.kind === 'group' ? `group ${o.source.group}` : 'direct grant'}
                        </span>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </>
          )
        }
      </Query>
    </section>
  );
}

function ChangePassword(): ReactNode {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        setCurrent('');
        setNew('');
      },
    }),
  );
  return (
    <form
      className="card form"
      aria-label="Change password"
      onSubmit={(e) => {
        e.preventDefault();
        change.mutate({ currentPassword, newPassword });
      }}
    >
      <h2>Change password</h2>
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        value={currentPassword}
        onChange={setCurrent}
        autoComplete="current-password"
        required
      />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        value={newPassword}
        onChange={setNew}
        autoComplete="new-password"
        hint="At least 8 characters."
        required
      />
      <ProblemNotice error={change.error} />
      {change.isSuccess ? (
        <Saved>Password changed. Your other sessions have been logged out.</Saved>
      ) : null}
      <button type="submit" className="button" disabled={change.isPending}>
        Change password
      </button>
    </form>
  );
}

function Sessions(): ReactNode {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  return (
    <div className="card">
      <h2>Sessions</h2>
      <p>
        Logging out everywhere ends your sessions on every device and browser, this one included,
        and revokes your API tokens.
      </p>
      <ConfirmButton
        label="Log out everywhere"
        confirm="Yes, log out on every device"
        busy={busy}
        onConfirm={async () => {
          setBusy(true);
          try {
            await logOut(true);
            await navigate({ to: '/login', search: { reason: 'logged-out-everywhere' } });
          } finally {
            setBusy(false);
          }
        }}
      />
    </div>
  );
}

function Tokens(): ReactNode {
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.auth.tokens.list.queryOptions());
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.auth.tokens.list.queryKey() });
  const create = useMutation(
    trpc.auth.tokens.create.mutationOptions({
      onSuccess: async () => {
        setName('');
        setDays('');
        await refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.auth.tokens.revoke.mutationOptions({ onSuccess: refresh }));
  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      <p className="meta">
        For scripts: send <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
      {create.data ? (
        <div className="card secret" role="status">
          <p>
            <strong>Copy your new token now.</strong> It is shown only once.
          </p>
          <code className="token" data-testid="new-token">
            {create.data.token}
          </code>
        </div>
      ) : null}
      <form
        className="card form"
        aria-label="New API token"
        onSubmit={(e) => {
          e.preventDefault();
          const expiresInDays = days.trim() === '' ? undefined : Number(days);
          create.mutate(expiresInDays === undefined ? { name } : { name, expiresInDays });
        }}
      >
        <div className="row">
          <Field label="Token name" name="tokenName" value={name} onChange={setName} required />
          <Field
            label="Expires after (days)"
            name="expiresInDays"
            type="number"
            min={1}
            value={days}
            onChange={setDays}
            hint="Empty: never."
          />
        </div>
        <ProblemNotice error={create.error} />
        <button type="submit" className="button" disabled={create.isPending}>
          Create token
        </button>
      </form>
      <ProblemNotice error={revoke.error} />
      <Query query={tokens} rows={2}>
        {(list) =>
          list.length === 0 ? (
            <Empty>You have no API tokens.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table" aria-label="API tokens">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col" className="hide-phone">
                      Created
                    </th>
                    <th scope="col" className="hide-phone">
                      Last used
                    </th>
                    <th scope="col">Expires</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((t) => (
                    <tr key={t.id}>
                      <td>{t.name}</td>
                      <td className="hide-phone">{when(t.createdAt)}</td>
                      <td className="hide-phone">{when(t.lastUsedAt)}</td>
                      <td>{t.expiresAt === null ? 'never' : when(t.expiresAt)}</td>
                      <td className="actions">
                        <ConfirmButton
                          small
                          label="Revoke"
                          confirm={`Revoke ${t.name}`}
                          busy={revoke.isPending}
                          onConfirm={() => revoke.mutate({ id: t.id })}
                        />
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
