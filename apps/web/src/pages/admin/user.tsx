import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { trpc } from '../../api/trpc';
import { useCanCall } from '../../auth/can';
import { useMe } from '../../auth/session';
import { Checkbox, ConfirmButton, Field, Saved, Select } from '../../ui/form';
import { idParam } from '../../ui/params';
import { ProblemNotice } from '../../ui/problem';
import { NotFoundPage, Query } from '../../ui/states';
import { CodenameGrid } from './codename-grid';
import { ReadOnlyBanner } from './read-only';

export function UserPage(): ReactNode {
  const { userId } = useParams({ from: '/admin/users/$userId' });
  const id = idParam(userId);
  if (id === null) return <NotFoundPage />;
  return <UserDetail id={id} />;
}

function UserDetail({ id }: { id: number }): ReactNode {
  const user = useQuery(trpc.admin.users.get.queryOptions({ id }));
  const access = useCanCall(
    'admin.users.update',
    'admin.users.setPassword',
    'admin.groups.addMember',
    'admin.grants.grant',
  );
  const readOnly = !access.may('admin.users.update');
  return (
    <section className="page">
      <p className="crumbs">
        <Link to="/admin">Admin</Link> / <Link to="/admin/users">Users</Link> /
      </p>
      <Query query={user} rows={6}>
        {(u) => (
          <>
            <div className="page-head">
              <h1>{u.username}</h1>
              {u.isActive ? null : <span className="flag warn">inactive</span>}
              {u.isSuperuser ? <span className="badge">superuser</span> : null}
            </div>
            <ReadOnlyBanner show={!access.loading && readOnly} what="this user" />
            <div className="columns">
              <Flags
                key={`${u.isActive}${u.isStaff}${u.isSuperuser}${u.email}`}
                user={u}
                readOnly={readOnly}
              />
              {access.may('admin.users.setPassword') ? <SetPassword id={u.id} /> : null}
            </div>
            <Groups
              userId={u.id}
              groups={u.groups}
              readOnly={!access.may('admin.groups.addMember')}
            />
            <h2>Permissions</h2>
            <p className="meta">
              Direct grants to {u.username}; permissions through groups are shown beside them.
              {u.isSuperuser ? ' As a superuser, this user holds every permission anyway.' : ''}
            </p>
            <CodenameGrid
              columns={[
                { key: 'user', label: 'Direct', target: { userId: u.id }, held: u.permissions },
              ]}
              viaGroups={u.groups.map((g) => g.id)}
              readOnly={!access.may('admin.grants.grant')}
            />
            {u.objectPermissions.length > 0 ? (
              <>
                <h3>Object grants</h3>
                <ul className="list compact">
                  {u.objectPermissions.map((o) => (
                    <li key={`${o.codename}:${o.objectId}`}>
                      <code>{o.codename}</code> on #{o.objectId}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </>
        )}
      </Query>
    </section>
  );
}

interface AdminUser {
  id: number;
  username: string;
  email: string;
  isActive: boolean;
  isStaff: boolean;
  isSuperuser: boolean;
}

function Flags({ user, readOnly }: { user: AdminUser; readOnly: boolean }): ReactNode {
  const me = useMe();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState(user.email);
  const [isStaff, setStaff] = useState(user.isStaff);
  const [isSuperuser, setSuperuser] = useState(user.isSuperuser);
  const update = useMutation(
    trpc.admin.users.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.admin.users.pathKey() }),
    }),
  );
  const superuser = me.data?.user?.isSuperuser === true;
  const self = me.data?.user?.id === user.id;
  return (
    <form
      className="card form"
      aria-label="Account"
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate({
          id: user.id,
          email,
          isStaff,
          // Only a superuser may change superuser status; others never send the flag.
          ...(superuser && isSuperuser !== user.isSuperuser ? { isSuperuser } : {}),
        });
      }}
    >
      <h2>Account</h2>
      <fieldset disabled={readOnly || update.isPending}>
        <Field label="Email" name="email" type="email" value={email} onChange={setEmail} />
        <Checkbox
          label="Staff (may open the admin area)"
          name="isStaff"
          checked={isStaff}
          onChange={setStaff}
        />
        <Checkbox
          label="Superuser (holds every permission)"
          name="isSuperuser"
          checked={isSuperuser}
          onChange={setSuperuser}
          disabled={!superuser}
        />
      </fieldset>
      <ProblemNotice error={update.error} />
      {update.isSuccess ? <Saved>Saved.</Saved> : null}
      {readOnly ? null : (
        <div className="buttons">
          <button type="submit" className="button" disabled={update.isPending}>
            Save
          </button>
          {user.isActive ? (
            self ? null : (
              <ConfirmButton
                label="Deactivate user"
                confirm={`Yes, deactivate ${user.username} and end their sessions`}
                busy={update.isPending}
                onConfirm={() => update.mutate({ id: user.id, isActive: false })}
              />
            )
          ) : (
            <button
              type="button"
              className="button secondary"
              disabled={update.isPending}
              onClick={() => update.mutate({ id: user.id, isActive: true })}
            >
              Reactivate user
            </button>
          )}
        </div>
      )}
    </form>
  );
}

function SetPassword({ id }: { id: number }): ReactNode {
  const self = useMe().data?.user?.id === id;
  const [password, setPassword] = useState('');
  const [current, setCurrent] = useState('');
  const set = useMutation(
    trpc.admin.users.setPassword.mutationOptions({
      onSuccess: () => {
        setPassword('');
        setCurrent('');
      },
    }),
  );
  return (
    <form
      className="card form"
      aria-label="Set password"
      onSubmit={(e) => {
        e.preventDefault();
        set.mutate({ id, password, ...(self ? { currentPassword: current } : {}) });
      }}
    >
      <h2>Set password</h2>
      {/* One's own password needs the current one: a stolen staff session must not become the account. */}
      {self ? (
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          value={current}
          onChange={setCurrent}
          autoComplete="current-password"
          required
        />
      ) : null}
      <Field
        label="New password"
        name="password"
        type="password"
        value={password}
        onChange={setPassword}
        autoComplete="new-password"
        hint={
          self
            ? 'At least 8 characters. Ends your other sessions and your API tokens.'
            : "At least 8 characters. Ends the user's sessions."
        }
        required
      />
      <ProblemNotice error={set.error} />
      {set.isSuccess ? <Saved>Password set.</Saved> : null}
      <button type="submit" className="button" disabled={set.isPending}>
        Set password
      </button>
    </form>
  );
}

function Groups(props: {
  userId: number;
  groups: readonly { id: number; name: string }[];
  readOnly: boolean;
}): ReactNode {
  const queryClient = useQueryClient();
  const all = useQuery(trpc.admin.groups.list.queryOptions());
  const [pick, setPick] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
  const add = useMutation(trpc.admin.groups.addMember.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(
    trpc.admin.groups.removeMember.mutationOptions({ onSuccess: refresh }),
  );
  const joinable = (all.data ?? []).filter((g) => !props.groups.some((m) => m.id === g.id));
  return (
    <section aria-labelledby="groups-title">
      <h2 id="groups-title">Groups</h2>
      {props.groups.length === 0 ? (
        <p className="empty">Not in any group.</p>
      ) : (
        <ul className="list compact">
          {props.groups.map((g) => (
            <li key={g.id}>
              <Link to="/admin/groups/$groupId" params={{ groupId: String(g.id) }}>
                {g.name}
              </Link>
              {props.readOnly ? null : (
                <button
                  type="button"
                  className="button secondary small"
                  disabled={remove.isPending}
                  onClick={() => remove.mutate({ groupId: g.id, userId: props.userId })}
                >
                  Remove from {g.name}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {props.readOnly || joinable.length === 0 ? null : (
        <form
          className="inline-form"
          aria-label="Add to group"
          onSubmit={(e) => {
            e.preventDefault();
            const groupId = Number(pick || joinable[0]?.id);
            if (groupId > 0) add.mutate({ groupId, userId: props.userId });
          }}
        >
          <Select
            label="Add to group"
            name="group"
            value={pick || String(joinable[0]?.id ?? '')}
            onChange={setPick}
            options={joinable.map((g) => ({ value: String(g.id), label: g.name }))}
          />
          <button type="submit" className="button secondary" disabled={add.isPending}>
            Add
          </button>
        </form>
      )}
      <ProblemNotice error={add.error ?? remove.error} />
    </section>
  );
}
