import type { ReactNode } from 'react';
import { useLogOut, useMe } from '../auth/session';
import { ApiTokens } from '../features/account/components/api-tokens';
import { ChangePassword } from '../features/account/components/change-password';
import { MyPermissions } from '../features/account/components/my-permissions';
import { MyOrganizations } from '../features/organizations/my-organizations';
import { ConfirmButton } from '../ui/confirm-button';
import { Page } from '../ui/page';
import { when } from '../ui/when';

export function AccountPage(): ReactNode {
  const me = useMe();
  const user = me.data?.user;
  if (!user) return null;
  return (
    <Page title="My account">
      <dl className="facts">
        <dt>Username</dt>
        <dd>{user.username}</dd>
        <dt>Email</dt>
        <dd>{user.email || '—'}</dd>
        <dt>Status</dt>
        <dd>
          {user.isSuperuser ? 'Superuser' : user.isStaff ? 'Staff' : 'User'}
          {user.isStaff && user.isSuperuser ? ' and staff' : ''}
        </dd>
        <dt>Last login</dt>
        <dd>{when(user.lastLogin)}</dd>
      </dl>
      <MyPermissions />
      <MyOrganizations />
      <div className="columns">
        <ChangePassword />
        <Sessions />
      </div>
      <ApiTokens />
    </Page>
  );
}

function Sessions(): ReactNode {
  const { leaving, leave } = useLogOut();
  return (
    <div className="card">
      <h2>Sessions</h2>
      <p>
        Logging out everywhere ends your sessions on every device and browser, this one included,
        and revokes your API tokens.
      </p>
      <ConfirmButton
        label="Log out everywhere"
        confirm="Yes, log out on every device"
        busy={leaving}
        onConfirm={() => void leave(true)}
      />
    </div>
  );
}
