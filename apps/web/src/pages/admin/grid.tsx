import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { trpc } from '../../api/trpc';
import { useCanCall, usePermissions } from '../../auth/can';
import { Empty, Query } from '../../ui/states';
import { CodenameGrid } from './codename-grid';
import { ReadOnlyBanner } from './read-only';

/** Codenames × groups on one screen: Django admin's group form, for every group at once. */
export function PermissionGridPage(): ReactNode {
  const groups = useQuery(trpc.admin.groups.list.queryOptions());
  const access = useCanCall('admin.grants.grant');
  const perms = usePermissions();
  const readOnly = !access.may('admin.grants.grant') || !perms.can('auth.change_group');
  return (
    <section className="page wide">
      <p className="crumbs">
        <Link to="/admin">Admin</Link> / <Link to="/admin/groups">Groups</Link> /
      </p>
      <h1>Permissions by group</h1>
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
    </section>
  );
}
