import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { trpc } from '../../api/trpc';
import { useCanCall, usePermissions } from '../../auth/can';
import { AdminCrumbs } from '../../features/admin/components/admin-crumbs';
import { CodenameGrid } from '../../features/admin/components/codename-grid';
import { GroupMembers } from '../../features/admin/components/group-members';
import { ObjectGrantList } from '../../features/admin/components/object-grant-list';
import { ReadOnlyBanner } from '../../features/admin/components/read-only';
import { Page } from '../../ui/page';
import { NotFoundPage, Query } from '../../ui/states';

/** Django admin's group page: members, the group's grants, its object grants. */
export function GroupPage({ id }: { id: number }): ReactNode {
  const groups = useQuery(trpc.admin.groups.list.queryOptions());
  const objects = useQuery(trpc.admin.grants.ofGroup.queryOptions({ id }));
  const access = useCanCall('admin.groups.addMember', 'admin.grants.grant');
  const perms = usePermissions();
  const mayEdit = access.may('admin.groups.addMember');

  return (
    <Page crumbs={<AdminCrumbs to="/admin/groups" />}>
      <Query query={groups} rows={4}>
        {(list) => {
          const group = list.find((g) => g.id === id);
          if (group === undefined) return <NotFoundPage />;
          return (
            <>
              <h1>{group.name}</h1>
              <ReadOnlyBanner show={!access.loading && !mayEdit} what="this group" />
              <GroupMembers groupId={id} mayEdit={mayEdit} />
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
                    <ObjectGrantList grants={rows} />
                  )
                }
              </Query>
            </>
          );
        }}
      </Query>
    </Page>
  );
}
