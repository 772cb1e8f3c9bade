import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { trpc } from '../../api/trpc';
import { Query } from '../../ui/states';

/** `select name, codename from auth_permission`, as the CLI prints it. */
export function CodenamesPage(): ReactNode {
  const codenames = useQuery(trpc.admin.codenames.queryOptions());
  return (
    <section className="page">
      <p className="crumbs">
        <Link to="/admin">Admin</Link> /
      </p>
      <h1>Codenames</h1>
      <Query query={codenames} rows={8}>
        {(rows) => (
          <div className="table-wrap">
            <table className="table" aria-label="Codenames">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Codename</th>
                  <th scope="col">Model</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.codename}>
                    <td>
                      {r.name}
                      {r.custom ? <span className="badge">custom</span> : null}
                    </td>
                    <td>
                      <code>{r.codename}</code>
                    </td>
                    <td>
                      {r.appLabel}.{r.model}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Query>
    </section>
  );
}
