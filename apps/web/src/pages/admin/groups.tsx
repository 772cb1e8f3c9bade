import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { type RouterOutputs, trpc } from '../../api/trpc';
import { useCanCall } from '../../auth/can';
import { useCreateGroup } from '../../features/admin/api/create-group';
import { useDeleteGroup } from '../../features/admin/api/delete-group';
import { AdminCrumbs } from '../../features/admin/components/admin-crumbs';
import { ReadOnlyBanner } from '../../features/admin/components/read-only';
import { CardForm } from '../../ui/card-form';
import { ConfirmButton } from '../../ui/confirm-button';
import { Field } from '../../ui/fields';
import { Page } from '../../ui/page';
import { QueryTable } from '../../ui/query-table';
import { linkColumn } from '../../ui/row-link';
import { actionsColumn, type Column } from '../../ui/table';
import { useTextFields } from '../../ui/text-fields';

type Group = RouterOutputs['admin']['groups']['list'][number];

const COLUMNS: readonly Column<Group>[] = [
  linkColumn('Group', '/admin/groups/$id', (g) => g.name),
  { header: 'Members', className: 'num', cell: (g) => g.members },
  { header: 'Permissions', className: 'num', cell: (g) => g.permissions.length },
];

export function GroupsPage(): ReactNode {
  const groups = useQuery(trpc.admin.groups.list.queryOptions());
  const access = useCanCall('admin.groups.create', 'admin.groups.delete', 'admin.groups.addMember');
  const remove = useDeleteGroup();
  const columns = [
    ...COLUMNS,
    actionsColumn<Group>((g) =>
      access.may('admin.groups.delete') ? (
        <ConfirmButton
          small
          label="Delete"
          confirm={`Delete ${g.name}`}
          busy={remove.isPending}
          onConfirm={() => remove.mutate({ id: g.id })}
        />
      ) : null,
    ),
  ];
  return (
    <Page
      title="Groups"
      crumbs={<AdminCrumbs />}
      aside={
        <Link to="/admin/permissions" className="button secondary small">
          Permissions grid
        </Link>
      }
    >
      <ReadOnlyBanner
        show={!access.loading && !access.may('admin.groups.addMember')}
        what="groups"
      />
      <QueryTable
        label="Groups"
        query={groups}
        skeleton={3}
        columns={columns}
        error={remove.error}
        empty="No groups yet."
      />
      {access.may('admin.groups.create') ? <NewGroup /> : null}
    </Page>
  );
}

function NewGroup(): ReactNode {
  const form = useTextFields({ name: '' });
  const create = useCreateGroup();
  return (
    <CardForm
      label="New group"
      submit="Create group"
      state={create}
      onSubmit={() => create.mutate(form.values, { onSuccess: form.clear })}
    >
      <Field label="Name" {...form.field('name')} required />
    </CardForm>
  );
}
