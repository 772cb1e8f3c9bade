import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { trpc } from '../../api/trpc';
import { useCanCall } from '../../auth/can';
import { AccountFlags } from '../../features/admin/components/account-flags';
import { AdminCrumbs } from '../../features/admin/components/admin-crumbs';
import { CodenameGrid } from '../../features/admin/components/codename-grid';
import { ObjectGrantList } from '../../features/admin/components/object-grant-list';
import { ReadOnlyBanner } from '../../features/admin/components/read-only';
import { SetPassword } from '../../features/admin/components/set-password';
import { UserGroups } from '../../features/admin/components/user-groups';
import { Page } from '../../ui/page';
import { Query } from '../../ui/states';

/** Django admin's user page: account, password, groups, direct grants, object grants. */
export function UserPage({ id }: { id: number }): ReactNode {
  const user = useQuery(trpc.admin.users.get.queryOptions({ id }));
  const access = useCanCall(
    'admin.users.update',
    'admin.users.setPassword',
    'admin.groups.addMember',
    'admin.grants.grant',
  );
  const readOnly = !access.may('admin.users.update');
  return (
    <Page crumbs={<AdminCrumbs to="/admin/users" />}>
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
              <AccountFlags
                key={`${u.isActive}${u.isStaff}${u.isSuperuser}${u.email}`}
                user={u}
                readOnly={readOnly}
              />
              {access.may('admin.users.setPassword') ? <SetPassword id={u.id} /> : null}
            </div>
            <UserGroups
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
                <ObjectGrantList grants={u.objectPermissions} />
              </>
            ) : null}
          </>
        )}
      </Query>
    </Page>
  );
}
