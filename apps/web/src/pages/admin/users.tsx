import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type ReactNode, useEffect, useState } from 'react';
import { type RouterOutputs, trpc } from '../../api/trpc';
import { useCanCall } from '../../auth/can';
import { AdminCrumbs } from '../../features/admin/components/admin-crumbs';
import { NewUser } from '../../features/admin/components/new-user';
import { ReadOnlyBanner } from '../../features/admin/components/read-only';
import { Field } from '../../ui/fields';
import { Form } from '../../ui/form';
import { Page } from '../../ui/page';
import { PagedTable } from '../../ui/query-table';
import { linkColumn } from '../../ui/row-link';
import type { Column } from '../../ui/table';

const PAGE_SIZE = 20;
const yes = (flag: boolean, label: string) =>
  flag ? <span className="flag on">{label}</span> : <span className="flag off">—</span>;

type User = RouterOutputs['admin']['users']['list']['items'][number];

const COLUMNS: readonly Column<User>[] = [
  linkColumn('Username', '/admin/users/$id', (u) => u.username),
  { header: 'Email', className: 'hide-phone', cell: (u) => u.email || '—' },
  {
    header: 'Active',
    cell: (u) =>
      u.isActive ? (
        <span className="flag on">active</span>
      ) : (
        <span className="flag warn">inactive</span>
      ),
  },
  { header: 'Staff', cell: (u) => yes(u.isStaff, 'staff') },
  { header: 'Superuser', cell: (u) => yes(u.isSuperuser, 'superuser') },
];

export function UsersPage(): ReactNode {
  const { q = '', page = 1 } = useSearch({ from: '/admin/users' });
  const navigate = useNavigate({ from: '/admin/users' });
  const access = useCanCall('admin.users.create', 'admin.users.update');
  const users = useQuery(
    trpc.admin.users.list.queryOptions({
      page,
      pageSize: PAGE_SIZE,
      ...(q ? { search: q } : {}),
    }),
  );
  return (
    <Page
      title="Users"
      crumbs={<AdminCrumbs />}
      aside={users.data ? <span className="meta">{users.data.total} found</span> : null}
    >
      <ReadOnlyBanner show={!access.loading && !access.may('admin.users.update')} what="users" />
      <Search q={q} />
      <PagedTable
        label="Users"
        query={users}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => void navigate({ search: { ...(q ? { q } : {}), page: p } })}
        skeleton={6}
        rowAttributes={(u) => ({ className: u.isActive ? '' : 'inactive' })}
        columns={COLUMNS}
        empty={q ? `No user matches “${q}”.` : 'No users.'}
      />
      {access.may('admin.users.create') ? <NewUser /> : null}
    </Page>
  );
}

/** Search by username: the query is in the address (`?q=`), so a search can be linked to. */
function Search({ q }: { q: string }): ReactNode {
  const navigate = useNavigate({ from: '/admin/users' });
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);
  return (
    <search>
      <Form
        className="search"
        onSubmit={() => void navigate({ search: search.trim() ? { q: search.trim() } : {} })}
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
      </Form>
    </search>
  );
}
