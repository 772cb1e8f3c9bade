import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { Can, usePermissions } from '../auth/can';
import { useMe } from '../auth/session';
import { Page } from '../ui/page';

/** The start page: what this user may do here, one card per area. */
export function HomePage(): ReactNode {
  const me = useMe();
  const perms = usePermissions();
  const user = me.data?.user;
  if (!user) return null;
  return (
    <Page title={`Welcome, ${user.username}`}>
      <p className="lead">
        You hold {perms.size} {perms.size === 1 ? 'permission' : 'permissions'}
        {user.isSuperuser ? ' (all of them, as a superuser)' : ''}.{' '}
        <Link to="/account">See where they come from</Link>.
      </p>
      <div className="cards">
        <Can
          perm={['polls.view_question']}
          fallback={
            <div className="card muted">
              <h2>Polls</h2>
              <p>You may not view polls.</p>
            </div>
          }
        >
          <Link to="/polls" className="card link-card">
            <h2>Polls</h2>
            <p>
              Questions and results.
              {perms.can('polls.can_vote') ? ' You may vote.' : ''}
              {perms.can('polls.add_question') ? ' You may add questions.' : ''}
            </p>
          </Link>
        </Can>
        <Link to="/shop" className="card link-card">
          <h2>Shop</h2>
          <p>
            The products you may see.
            {perms.can('shop.add_product') ? ' You may add products.' : ''}
          </p>
        </Link>
        <Link to="/account" className="card link-card">
          <h2>My account</h2>
          <p>Your permissions, password and API tokens.</p>
        </Link>
        {user.isStaff ? (
          <Link to="/admin" className="card link-card">
            <h2>Admin</h2>
            <p>Users, groups and who may do what.</p>
          </Link>
        ) : null}
      </div>
    </Page>
  );
}
