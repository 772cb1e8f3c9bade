import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { trpc } from '../../api/trpc';
import { useCanCall, usePermissions } from '../../auth/can';
import { AdminCrumbs } from '../../features/admin/components/admin-crumbs';
import { CodenameGrid } from '../../features/admin/components/codename-grid';
import { ReadOnlyBanner } from '../../features/admin/components/read-only';
import { Page } from '../../ui/page';
import { Empty, Query } from '../../ui/states';

/** Codenames × groups on one screen: Django admin's group form, for every group at once. */
export function PermissionGridPage(): ReactNode {
  const groups = useQuery(trpc.admin.groups.list.queryOptions());
  const access = useCanCall('admin.grants.grant');
  const perms = usePermissions();
  const readOnly = !access.may('admin.grants.grant') || !perms.can('auth.change_group');
  return (
    <Page title="Permissions by group" size="wide" crumbs={<AdminCrumbs to="/admin/groups" />}>
      <p className="meta">
        Tick a box to grant a permission to every member of the group; untick to revoke. For one
        user's own grants, open the user.
      </p>
      <ReadOnlyBanner show={!access.loading && readOnly} what="grants" />
      <Query query={groups} rows={8}>
        {(list) =>
          list.length === 0 ? (
            <Empty>No groups yet: create one first.</Empty>
          ) : (
            <CodenameGrid
              columns={list.map((g) => ({
                key: `g${g.id}`,
                label: g.name,
                target: { groupId: g.id },
                held: g.permissions,
              }))}
              readOnly={readOnly}
            />
          )
        }
      </Query>
    </Page>
  );
}
