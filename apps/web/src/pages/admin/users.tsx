import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { type ReactNode, useEffect, useState } from 'react';
import { trpc } from '../../api/trpc';
import { useCanCall } from '../../auth/can';
import { useMe } from '../../auth/session';
import { Checkbox, Field } from '../../ui/form';
import { Pager } from '../../ui/pager';
import { ProblemNotice } from '../../ui/problem';
import { Empty, Query } from '../../ui/states';
import { ReadOnlyBanner } from './read-only';

const PAGE_SIZE = 20;
const yes = (flag: boolean, label: string) =>
  flag ? <span className="flag on">{label}</span> : <span className="flag off">—</span>;

export function UsersPage(): ReactNode {
  const { q = '', page = 1 } = useSearch({ from: '/admin/users' });
  const navigate = useNavigate({ from: '/admin/users' });
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);
  const access = useCanCall('admin.users.create', 'admin.users.update');
  const users = useQuery(
    trpc.admin.users.list.queryOptions({
      page,
      pageSize: PAGE_SIZE,
      ...(q ? { search: q } : {}),
    }),
  );
  return (
    <section className="page">
      <p className="crumbs">
        <Link to="/admin">Admin</Link> /
      </p>
      <div className="page-head">
        <h1>Users</h1>
        {users.data ? <span className="meta">{users.data.total} found</span> : null}
      </div>
      <ReadOnlyBanner show={!access.loading && !access.may('admin.users.update')} what="users" />
      <search>
        <form
          className="search"
          onSubmit={(e) => {
            e.preventDefault();
            void navigate({ search: search.trim() ? { q: search.trim() } : {} });
          }}
        >
          <Field
            label="Search by username"
            name="q"
            type="search"
            value={search}
            onChange={setSearch}
          />
          <button type="submit" className="button secondary">
            Search
          </button>
        </form>
      </search>
      <Query query={users} rows={6}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>{q ? `No user matches “${q}”.` : 'No users.'}</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table" aria-label="Users">
                  <thead>
                    <tr>
                      <th scope="col">Username</th>
                      <th scope="col" className="hide-phone">
                        Email
                      </th>
                      <th scope="col">Active</th>
                      <th scope="col">Staff</th>
                      <th scope="col">Superuser</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((u) => (
                      <tr key={u.id} className={u.isActive ? '' : 'inactive'}>
                        <td>
                          <Link to="/admin/users/$userId" params={{ userId: String(u.id) }}>
                            {u.username}
                          </Link>
                        </td>
                        <td className="hide-phone">{u.email || '—'}</td>
                        <td>
                          {u.isActive ? (
                            <span className="flag on">active</span>
                          ) : (
                            <span className="flag warn">inactive</span>
                          )}
                        </td>
                        <td>{yes(u.isStaff, 'staff')}</td>
                        <td>{yes(u.isSuperuser, 'superuser')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager
                page={page}
                pageSize={PAGE_SIZE}
                total={data.total}
                onPage={(p) => void navigate({ search: { ...(q ? { q } : {}), page: p } })}
              />
            </>
          )
        }
      </Query>
      {access.may('admin.users.create') ? <NewUser /> : null}
    </section>
  );
}

function NewUser(): ReactNode {
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [isStaff, setStaff] = useState(false);
  const [isSuperuser, setSuperuser] = useState(false);
  const create = useMutation(
    trpc.admin.users.create.mutationOptions({
      onSuccess: async (user) => {
        await queryClient.invalidateQueries({ queryKey: trpc.admin.users.pathKey() });
        await navigate({ to: '/admin/users/$userId', params: { userId: String(user.id) } });
      },
    }),
  );
  return (
    <form
      className="card form"
      aria-label="New user"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({
          username,
          email,
          password,
          isStaff,
          ...(me.data?.user?.isSuperuser ? { isSuperuser } : {}),
        });
      }}
    >
      <h2>New user</h2>
      <div className="row">
        <Field
          label="Username"
          name="username"
          value={username}
          onChange={setUsername}
          autoComplete="off"
          required
        />
        <Field
          label="Email"
          name="email"
          type="email"
          value={email}
          onChange={setEmail}
          autoComplete="off"
        />
      </div>
      <Field
        label="Password"
        name="password"
        type="password"
        value={password}
        onChange={setPassword}
        autoComplete="new-password"
        hint="At least 8 characters."
        required
      />
      <div className="row checks">
        <Checkbox
          label="Staff (may open the admin area)"
          name="isStaff"
          checked={isStaff}
          onChange={setStaff}
        />
        {me.data?.user?.isSuperuser ? (
          <Checkbox
            label="Superuser (holds every permission)"
            name="isSuperuser"
            checked={isSuperuser}
            onChange={setSuperuser}
          />
        ) : null}
      </div>
      <ProblemNotice error={create.error} />
      <button type="submit" className="button" disabled={create.isPending}>
        Create user
      </button>
    </form>
  );
}
