import { Link, Navigate, Outlet, useLocation } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { usePermissions } from '../auth/can';
import { useLogOut, useMe } from '../auth/session';
import { OrganizationSwitcher } from '../features/organizations/switcher';
import { ErrorState } from './states';

/** The pages anyone may open: logging in, and an invitation link (log in or sign up, then join). */
const PUBLIC: ReadonlySet<string> = new Set(['/login', '/invitation']);

/** The frame of every page: header, navigation, the page, and the login gate. */
export function Layout(): ReactNode {
  const me = useMe();
  const perms = usePermissions();
  const location = useLocation();
  const { leaving, leave } = useLogOut();

  let body: ReactNode;
  if (PUBLIC.has(location.pathname)) body = <Outlet />;
  else if (me.data?.authenticated) body = <Outlet />;
  else if (me.data) body = <Navigate to="/login" search={{ next: location.href }} replace />;
  else if (me.error) body = <ErrorState error={me.error} retry={() => void me.refetch()} />;
  else body = <div className="page-placeholder" aria-busy="true" />;

  const user = me.data?.user ?? null;
  return (
    <div className="app">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          Warden
        </Link>
        <nav aria-label="Main" className="mainnav">
          {user ? (
            <>
              <Link to="/polls" activeProps={{ 'aria-current': 'page' }}>
                Polls
              </Link>
              <Link to="/shop" activeProps={{ 'aria-current': 'page' }}>
                Shop
              </Link>
              {/* Its admins', in the organization auth.me answered for (the server checks each call). */}
              {me.data?.activeOrganization != null && perms.can('orgs.manage_members') ? (
                <Link to="/organization" activeProps={{ 'aria-current': 'page' }}>
                  Organization
                </Link>
              ) : null}
              <Link to="/account" activeProps={{ 'aria-current': 'page' }}>
                My account
              </Link>
              {user.isStaff ? (
                <Link to="/admin" activeProps={{ 'aria-current': 'page' }}>
                  Admin
                </Link>
              ) : null}
            </>
          ) : null}
        </nav>
        <div className="who">
          {user ? (
            <>
              <OrganizationSwitcher />
              <span className="username" title="Logged in as">
                {user.username}
                {user.isSuperuser ? <span className="badge">superuser</span> : null}
              </span>
              <button
                type="button"
                className="button secondary small"
                disabled={leaving}
                onClick={() => void leave()}
              >
                Log out
              </button>
            </>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {body}
      </main>
    </div>
  );
}
