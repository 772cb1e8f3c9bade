import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { trpc } from '../../api/trpc';
import { useCanCall, usePermissions } from '../../auth/can';
import { Select } from '../../ui/form';
import { idParam } from '../../ui/params';
import { ProblemNotice } from '../../ui/problem';
import { NotFoundPage, Query } from '../../ui/states';
import { CodenameGrid } from './codename-grid';
import { ReadOnlyBanner } from './read-only';

export function GroupPage(): ReactNode {
  const { groupId } = useParams({ from: '/admin/groups/$groupId' });
  const id = idParam(groupId);
  if (id === null) return <NotFoundPage />;
  return <GroupDetail id={id} />;
}

function GroupDetail({ id }: { id: number }): ReactNode {
  const queryClient = useQueryClient();
  const groups = useQuery(trpc.admin.groups.list.queryOptions());
  const members = useQuery(trpc.admin.groupMembers.queryOptions({ id }));
  const users = useQuery(trpc.admin.users.list.queryOptions({ page: 1, pageSize: 100 }));
  const objects = useQuery(trpc.admin.grants.ofGroup.queryOptions({ id }));
  const access = useCanCall('admin.groups.addMember', 'admin.grants.grant');
  const perms = usePermissions();
  const [pick, setPick] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
  const add = useMutation(trpc.admin.groups.addMember.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(
    trpc.admin.groups.removeMember.mutationOptions({ onSuccess: refresh }),
  );
  const mayEdit = access.may('admin.groups.addMember');

  return (
    <section className="page">
      <p className="crumbs">
        <Link to="/admin">Admin</Link> / <Link to="/admin/groups">Groups</Link> /
      </p>
      <Query query={groups} rows={4}>
        {(list) => {
          const group = list.find((g) => g.id === id);
          if (group === undefined) return <NotFoundPage />;
          const outside = (users.data?.items ?? []).filter(
            (u) => !(members.data ?? []).some((m) => m.id === u.id),
          );
          return (
            <>
              <h1>{group.name}</h1>
              <ReadOnlyBanner show={!access.loading && !mayEdit} what="this group" />
              <h2>Members</h2>
              <Query query={members} rows={2}>
                {(rows) =>
                  rows.length === 0 ? (
                    <p className="empty">No members.</p>
                  ) : (
                    <ul className="list compact" aria-label="Members">
                      {rows.map((m) => (
                        <li key={m.id}>
                          <Link to="/admin/users/$userId" params={{ userId: String(m.id) }}>
                            {m.username}
                          </Link>
                          {m.isActive ? null : <span className="flag warn">inactive</span>}
                          {mayEdit ? (
                            <button
                              type="button"
                              className="button secondary small"
                              disabled={remove.isPending}
                              onClick={() => remove.mutate({ groupId: id, userId: m.id })}
                            >
                              Remove {m.username}
                            </button>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  )
                }
              </Query>
              {mayEdit && outside.length > 0 ? (
                <form
                  className="inline-form"
                  aria-label="Add member"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const userId = Number(pick || outside[0]?.id);
                    if (userId > 0) add.mutate({ groupId: id, userId });
                  }}
                >
                  <Select
                    label="Add member"
                    name="user"
                    value={pick || String(outside[0]?.id ?? '')}
                    onChange={setPick}
                    options={outside.map((u) => ({ value: String(u.id), label: u.username }))}
                  />
                  <button type="submit" className="button secondary" disabled={add.isPending}>
                    Add
                  </button>
                </form>
              ) : null}
              <ProblemNotice error={add.error ?? remove.error} />
              <h2>Permissions of {group.name}</h2>
              <CodenameGrid
                columns={[
                  {
                    key: `g${group.id}`,
                    label: group.name,
                    target: { groupId: group.id },
                    held: group.permissions,
                  },
                ]}
                readOnly={!access.may('admin.grants.grant') || !perms.can('auth.change_group')}
              />
              <h2>Object grants</h2>
              <Query query={objects} rows={1}>
                {(rows) =>
                  rows.length === 0 ? (
                    <p className="empty">No object grants.</p>
                  ) : (
                    <ul className="list compact">
                      {rows.map((o) => (
                        <li key={`${o.codename}:${o.objectId}`}>
                          <code>{o.codename}</code> on #{o.objectId}
                        </li>
                      ))}
                    </ul>
                  )
                }
              </Query>
            </>
          );
        }}
      </Query>
    </section>
  );
}
