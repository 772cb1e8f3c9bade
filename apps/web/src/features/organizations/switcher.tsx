import type { ReactNode } from 'react';
import { queryClient, trpc } from '../../api/trpc';
import { useMe } from '../../auth/session';
import { setActiveOrganization, useActiveOrganization } from './active';

/**
 * The header's organization switcher, for a user who is a member of any: acting in one, every page
 * answers for it (what one may do there); "No organization" is the user's global grants only.
 */
export function OrganizationSwitcher(): ReactNode {
  const me = useMe();
  const active = useActiveOrganization();
  const organizations = me.data?.authenticated ? me.data.organizations : [];
  if (organizations.length === 0) return null;
  // A choice left over from another user, or an organization one has left, names nothing here.
  const value = organizations.some((o) => o.id === active) ? String(active) : '';
  return (
    <select
      className="switcher"
      aria-label="Organization"
      value={value}
      onChange={(e) => {
        setActiveOrganization(e.target.value === '' ? null : Number(e.target.value));
        // Every answer was for the other organization. The organization page's are forgotten,
        // not refetched: its members must not show under the next one's name meanwhile.
        void queryClient.resetQueries({ queryKey: trpc.organization.pathKey() });
        void queryClient.invalidateQueries();
      }}
    >
      <option value="">No organization</option>
      {organizations.map((o) => (
        <option key={o.id} value={String(o.id)}>
          {o.name}
        </option>
      ))}
    </select>
  );
}
