import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { trpc } from '../api/trpc';
import { useMe } from '../auth/session';
import { useActiveOrganization } from '../features/organizations/active';
import { OrganizationInvitations } from '../features/organizations/components/invitations';
import { OrganizationMembers } from '../features/organizations/components/members';
import { Page } from '../ui/page';
import { Empty, Query } from '../ui/states';

/**
 * The active organization's own administration, for its admins (`orgs.manage_members` there):
 * members and their roles, invitation links. Everything acts on the organization chosen in the
 * header; the server refuses anyone else, and the page says which permission they lack.
 */
export function OrganizationPage(): ReactNode {
  const active = useActiveOrganization();
  const me = useMe();
  // Until the roles are here (or if the server refuses them), nothing else is asked.
  const roles = useQuery({ ...trpc.organization.roles.queryOptions(), enabled: active !== null });
  if (active === null)
    return (
      <Page title="Organization">
        <Empty>Choose the organization to manage in the header’s switcher.</Empty>
      </Page>
    );
  const name =
    me.data?.organizations.find((o) => o.id === active)?.name ?? `Organization #${active}`;
  return (
    <Page title={name} aside={<span className="meta">Organization</span>}>
      <Query query={roles} rows={4}>
        {(list) => (
          <>
            <OrganizationMembers organization={name} roles={list} />
            <OrganizationInvitations roles={list} />
          </>
        )}
      </Query>
    </Page>
  );
}
