import { useQuery } from '@tanstack/react-query';
import { Fragment, type ReactNode, useState } from 'react';
import { trpc } from '../../../api/trpc';
import { ProblemNotice } from '../../../ui/problem';
import { Query } from '../../../ui/states';
import { useGrant } from '../api/grant';
import { useRevoke } from '../api/revoke';

export interface GridColumn {
  readonly key: string;
  readonly label: string;
  readonly target: { userId: number } | { groupId: number };
  /** The codenames this column's user or group holds (model-wide grants). */
  readonly held: readonly string[];
}

/**
 * Codenames (rows, by model) × users or groups (columns): each cell a checkbox that grants or
 * revokes with one click through `admin.grants.grant` / `revoke`, which apply the server's rules;
 * a refusal (escalation, a codename the admin lacks) is shown above the grid and the box stays as
 * the server has it.
 */
export function CodenameGrid(props: {
  columns: readonly GridColumn[];
  /** Groups whose grants to show beside the columns, read-only ("via Editors"). */
  viaGroups?: readonly number[];
  readOnly: boolean;
}): ReactNode {
  const codenames = useQuery(trpc.admin.codenames.queryOptions());
  const groups = useQuery({
    ...trpc.admin.groups.list.queryOptions(),
    enabled: props.viaGroups !== undefined,
  });
  const [busy, setBusy] = useState<string | null>(null);
  const grant = useGrant();
  const revoke = useRevoke();
  const error = busy === null ? (grant.error ?? revoke.error) : null;
  const via = (codename: string) =>
    (groups.data ?? [])
      .filter((g) => props.viaGroups?.includes(g.id) && g.permissions.includes(codename))
      .map((g) => g.name);

  return (
    <Query query={codenames} rows={8}>
      {(rows) => {
        const models = [...new Set(rows.map((r) => `${r.appLabel}.${r.model}`))];
        return (
          <>
            <ProblemNotice error={error} />
            <div className="table-wrap">
              <table className="table grid" aria-label="Permissions grid">
                <thead>
                  <tr>
                    <th scope="col">Permission</th>
                    {props.columns.map((c) => (
                      <th scope="col" key={c.key} className="cell">
                        {c.label}
                      </th>
                    ))}
                    {props.viaGroups ? <th scope="col">Through groups</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {models.map((model) => (
                    <Fragment key={model}>
                      <tr className="group-row">
                        <th
                          scope="rowgroup"
                          colSpan={props.columns.length + (props.viaGroups ? 2 : 1)}
                        >
                          {model}
                        </th>
                      </tr>
                      {rows
                        .filter((r) => `${r.appLabel}.${r.model}` === model)
                        .map((r) => (
                          <tr key={r.codename}>
                            <th scope="row">
                              {r.name}
                              <code className="codename">{r.codename}</code>
                            </th>
                            {props.columns.map((c) => {
                              const cell = `${c.key}:${r.codename}`;
                              const on = c.held.includes(r.codename);
                              return (
                                <td key={c.key} className="cell">
                                  <input
                                    type="checkbox"
                                    checked={on}
                                    disabled={props.readOnly || busy !== null}
                                    aria-label={`${c.label}: ${r.name} (${r.codename})`}
                                    aria-busy={busy === cell}
                                    onChange={() => {
                                      setBusy(cell);
                                      grant.reset();
                                      revoke.reset();
                                      const input = { target: c.target, codename: r.codename };
                                      // The box shows the server's answer, refused or not.
                                      const settled = { onSettled: () => setBusy(null) };
                                      (on ? revoke : grant).mutate(input, settled);
                                    }}
                                  />
                                </td>
                              );
                            })}
                            {props.viaGroups ? (
                              <td className="via">{via(r.codename).join(', ') || '—'}</td>
                            ) : null}
                          </tr>
                        ))}
                    </Fragment>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        );
      }}
    </Query>
  );
}
