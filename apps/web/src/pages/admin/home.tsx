import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { type ProcedurePath, useCanCall } from '../../auth/can';
import { useMe } from '../../auth/session';
import { Page } from '../../ui/page';
import { Loading } from '../../ui/states';

/** What the index may call to know which areas to open. */
const ASKED = [
  'admin.users.list',
  'admin.users.update',
  'admin.groups.list',
  'admin.codenames',
  'admin.grants.grant',
  'admin.audit',
] as const satisfies readonly ProcedurePath[];
type Asked = (typeof ASKED)[number];

/** The areas of the admin, each with what it needs to open and what it is, open and closed. */
const AREAS: readonly {
  to: '/admin/users' | '/admin/groups' | '/admin/permissions' | '/admin/codenames' | '/admin/audit';
  title: string;
  needs: readonly Asked[];
  open: string;
  closed: string;
}[] = [
  {
    to: '/admin/users',
    title: 'Users',
    needs: ['admin.users.list'],
    open: 'Accounts, flags, passwords, groups and direct grants.',
    closed: 'Accounts and their grants.',
  },
  {
    to: '/admin/groups',
    title: 'Groups',
    needs: ['admin.groups.list'],
    open: 'Groups and their members.',
    closed: 'Groups and their members.',
  },
  {
    to: '/admin/permissions',
    title: 'Permissions',
    needs: ['admin.groups.list', 'admin.codenames'],
    open: 'Codenames × groups: grant and revoke with one click.',
    closed: 'Codenames × groups.',
  },
  {
    to: '/admin/codenames',
    title: 'Codenames',
    needs: ['admin.codenames'],
    open: 'Every permission: its name and codename.',
    closed: 'Every permission.',
  },
  {
    to: '/admin/audit',
    title: 'Audit log',
    needs: ['admin.audit'],
    open: 'Who changed which users, groups and grants, when and how.',
    closed: 'Who changed what.',
  },
];

/** Django admin's index: one entry per area this staff user may open. */
export function AdminHomePage(): ReactNode {
  const me = useMe();
  const access = useCanCall(...ASKED);
  if (!me.data?.user?.isStaff)
    return (
      <Page title="Admin" size="narrow">
        <p className="notice notice-forbidden" role="alert">
          The admin area is for staff users.
        </p>
      </Page>
    );
  return (
    <Page title="Administration">
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
            {AREAS.map((area) =>
              area.needs.every(access.may) ? (
                <Link to={area.to} className="card link-card" key={area.to}>
                  <h2>{area.title}</h2>
                  <p>{area.open}</p>
                </Link>
              ) : (
                <div className="card muted" key={area.to}>
                  <h2>{area.title}</h2>
                  <p>{area.closed} You may not open this.</p>
                </div>
              ),
            )}
          </div>
          <p className="meta">
            Object permissions on a product: open the product in the <Link to="/shop">shop</Link>{' '}
            and choose “Permissions”.
          </p>
        </>
      )}
    </Page>
  );
}
