import type { ReactNode } from 'react';
import { useMe } from '../../auth/session';
import { usePermissionNames } from '../../ui/problem';

/**
 * The organizations the user is a member of, with their roles there, and what they hold in the
 * active one (their global grants with what the roles add), as the server answers for it.
 */
export function MyOrganizations(): ReactNode {
  const me = useMe();
  const names = usePermissionNames();
  if (!me.data?.authenticated || me.data.organizations.length === 0) return null;
  // The organization the permissions were answered for: just after a switch, until the new answer
  // is here, the one before (never the old permissions under the new name).
  const current = me.data.organizations.find((o) => o.id === me.data.activeOrganization);
  return (
    <section aria-labelledby="orgs-title">
      <h2 id="orgs-title">My organizations</h2>
      <ul className="list compact">
        {me.data.organizations.map((o) => (
          <li key={o.id}>
            {o.name}: {o.roles.join(', ')}
          </li>
        ))}
      </ul>
      {current === undefined ? null : (
        <>
          <h3>In {current.name}</h3>
          <ul className="list compact" aria-label={`Permissions in ${current.name}`}>
            {me.data.permissions.map((c) => (
              <li key={c}>
                {names[c] ?? c} <code className="codename">{c}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
