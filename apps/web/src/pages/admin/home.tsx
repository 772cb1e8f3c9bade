import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useCanCall } from '../../auth/can';
import { useMe } from '../../auth/session';
import { Loading } from '../../ui/states';

/** Django admin's index: one entry per area this staff user may open. */
export function AdminHomePage(): ReactNode {
  const me = useMe();
  const access = useCanCall(
    'admin.users.list',
    'admin.users.update',
    'admin.groups.list',
    'admin.codenames',
    'admin.grants.grant',
    'admin.audit',
  );
  if (!me.data?.user?.isStaff)
    return (
      <section className="page narrow">
        <h1>Admin</h1>
        <p className="notice notice-forbidden" role="alert">
          The admin area is for staff users.
        </p>
      </section>
    );
  const area = (ok: boolean, to: ReactNode, title: string, text: string) =>
    ok ? (
      to
    ) : (
      <div className="card muted" key={title}>
        <h2>{title}</h2>
        <p>{text} You may not open this.</p>
      </div>
    );
  return (
    <section className="page">
      <h1>Administration</h1>
      {access.loading ? (
        <Loading rows={2} />
      ) : (
        <>
          {access.may('admin.users.list') && !access.may('admin.users.update') ? (
            <p className="notice notice-info" data-testid="read-only">
              Read-only: you may look, but not change users or grants (you need “Can change user”,
              auth.change_user).
            </p>
          ) : null}
          <div className="cards">
            {area(
              access.may('admin.users.list'),
              <Link to="/admin/users" className="card link-card" key="users">
                <h2>Users</h2>
                <p>Accounts, flags, passwords, groups and direct grants.</p>
              </Link>,
              'Users',
              'Accounts and their grants.',
            )}
            {area(
              access.may('admin.groups.list'),
              <Link to="/admin/groups" className="card link-card" key="groups">
                <h2>Groups</h2>
                <p>Groups and their members.</p>
              </Link>,
              'Groups',
              'Groups and their members.',
            )}
            {area(
              access.may('admin.groups.list') && access.may('admin.codenames'),
              <Link to="/admin/permissions" className="card link-card" key="grid">
                <h2>Permissions</h2>
                <p>Codenames × groups: grant and revoke with one click.</p>
              </Link>,
              'Permissions',
              'Codenames × groups.',
            )}
            {area(
              access.may('admin.codenames'),
              <Link to="/admin/codenames" className="card link-card" key="codenames">
                <h2>Codenames</h2>
                <p>Every permission: its name and codename.</p>
              </Link>,
              'Codenames',
              'Every permission.',
            )}
            {area(
              access.may('admin.audit'),
              <Link to="/admin/audit" className="card link-card" key="audit">
                <h2>Audit log</h2>
                <p>Who changed which users, groups and grants, when and how.</p>
              </Link>,
              'Audit log',
              'Who changed what.',
            )}
          </div>
          <p className="meta">
            Object permissions on a product: open the product in the <Link to="/shop">shop</Link>{' '}
            and choose “Permissions”.
          </p>
        </>
      )}
    </section>
  );
}
