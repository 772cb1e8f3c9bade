import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { trpc } from '../../api/trpc';
import { useCanCall } from '../../auth/can';
import { ConfirmButton, Field } from '../../ui/form';
import { ProblemNotice } from '../../ui/problem';
import { Empty, Query } from '../../ui/states';
import { ReadOnlyBanner } from './read-only';

export function GroupsPage(): ReactNode {
  const queryClient = useQueryClient();
  const groups = useQuery(trpc.admin.groups.list.queryOptions());
  const access = useCanCall('admin.groups.create', 'admin.groups.delete', 'admin.groups.addMember');
  const [name, setName] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
  const create = useMutation(
    trpc.admin.groups.create.mutationOptions({
      onSuccess: async () => {
        setName('');
        await refresh();
      },
    }),
  );
  const remove = useMutation(trpc.admin.groups.delete.mutationOptions({ onSuccess: refresh }));
  return (
    <section className="page">
      <p className="crumbs">
        <Link to="/admin">Admin</Link> /
      </p>
      <div className="page-head">
        <h1>Groups</h1>
        <Link to="/admin/permissions" className="button secondary small">
          Permissions grid
        </Link>
      </div>
      <ReadOnlyBanner
        show={!access.loading && !access.may('admin.groups.addMember')}
        what="groups"
      />
      <ProblemNotice error={remove.error} />
      <Query query={groups} rows={3}>
        {(list) =>
          list.length === 0 ? (
            <Empty>No groups yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table" aria-label="Groups">
                <thead>
                  <tr>
                    <th scope="col">Group</th>
                    <th scope="col" className="num">
                      Members
                    </th>
                    <th scope="col" className="num">
                      Permissions
                    </th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((g) => (
                    <tr key={g.id}>
                      <td>
                        <Link to="/admin/groups/$groupId" params={{ groupId: String(g.id) }}>
                          {g.name}
                        </Link>
                      </td>
                      <td className="num">{g.members}</td>
                      <td className="num">{g.permissions.length}</td>
                      <td className="actions">
                        {access.may('admin.groups.delete') ? (
                          <ConfirmButton
                            small
                            label="Delete"
                            confirm={`Delete ${g.name}`}
                            busy={remove.isPending}
                            onConfirm={() => remove.mutate({ id: g.id })}
                          />
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Query>
      {access.may('admin.groups.create') ? (
        <form
          className="card form"
          aria-label="New group"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ name });
          }}
        >
          <h2>New group</h2>
          <Field label="Name" name="name" value={name} onChange={setName} required />
          <ProblemNotice error={create.error} />
          <button type="submit" className="button" disabled={create.isPending}>
            Create group
          </button>
        </form>
      ) : null}
    </section>
  );
}
