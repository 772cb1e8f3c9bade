import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';

/** Where an admin page's parent pages are, by path, with their names. */
const PARENTS = { '/admin/users': 'Users', '/admin/groups': 'Groups', '/shop': 'Shop' } as const;

/** The crumbs of an admin page: Admin, then the page it belongs to (`to`), if any. */
export function AdminCrumbs({ to }: { to?: keyof typeof PARENTS }): ReactNode {
  return (
    <>
      <Link to="/admin">Admin</Link>
      {to === undefined ? null : (
        <>
          {' / '}
          <Link to={to}>{PARENTS[to]}</Link>
        </>
      )}
    </>
  );
}
