import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { trpc } from '../../../api/trpc';
import { Empty, Query } from '../../../ui/states';
import { Table } from '../../../ui/table';

type Source = { kind: 'group'; group: string } | { kind: 'direct' } | { kind: 'superuser' };

const sourceName = (s: Source) =>
  s.kind === 'group' ? `group ${s.group}` : s.kind === 'direct' ? 'direct grant' : 'superuser';

/** Every permission the user holds, and where each comes from: a group, a direct grant, superuser. */
export function MyPermissions(): ReactNode {
  const mine = useQuery(trpc.auth.myPermissions.queryOptions());
  return (
    <section aria-labelledby="perms-title">
      <h2 id="perms-title">My permissions</h2>
      <Query query={mine} rows={4}>
        {(data) =>
          data.permissions.length === 0 && data.objectPermissions.length === 0 ? (
            <Empty>You hold no permissions yet. An administrator can grant them.</Empty>
          ) : (
            <>
              <Table
                label="My permissions"
                className="perms"
                rows={data.permissions}
                rowKey={(p) => p.codename}
                columns={[
                  {
                    header: 'Permission',
                    cell: (p) => (
                      <>
                        {p.name}
                        <code className="codename">{p.codename}</code>
                      </>
                    ),
                  },
                  {
                    header: 'From',
                    cell: (p) =>
                      p.sources.map((s) => (
                        <span
                          key={s.kind === 'group' ? `g:${s.group}` : s.kind}
                          className={`source source-${s.kind}`}
                        >
                          {sourceName(s)}
                        </span>
                      )),
                  },
                ]}
              />
              {data.objectPermissions.length > 0 ? (
                <>
                  <h3>On single objects</h3>
                  <ul className="list compact">
                    {data.objectPermissions.map((o) => (
                      <li
                        key={`${o.codename}:${o.objectId}:${o.source.kind === 'group' ? o.source.group : ''}`}
                      >
                        {o.name} on #{o.objectId} <code>{o.codename}</code>{' '}
                        <span className={`source source-${o.source.kind}`}>
                          {sourceName(o.source)}
                        </span>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </>
          )
        }
      </Query>
    </section>
  );
}
