import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { type RouterOutputs, trpc } from '../../api/trpc';
import { AdminCrumbs } from '../../features/admin/components/admin-crumbs';
import { Page } from '../../ui/page';
import { QueryTable } from '../../ui/query-table';
import type { Column } from '../../ui/table';

type Codename = RouterOutputs['admin']['codenames'][number];

const COLUMNS: readonly Column<Codename>[] = [
  {
    header: 'Name',
    cell: (r) => (
      <>
        {r.name}
        {r.custom ? <span className="badge">custom</span> : null}
      </>
    ),
  },
  { header: 'Codename', cell: (r) => <code>{r.codename}</code> },
  { header: 'Model', cell: (r) => `${r.appLabel}.${r.model}` },
];

/** `select name, codename from auth_permission`, as the CLI prints it. */
export function CodenamesPage(): ReactNode {
  const codenames = useQuery(trpc.admin.codenames.queryOptions());
  return (
    <Page title="Codenames" crumbs={<AdminCrumbs />}>
      <QueryTable
        label="Codenames"
        query={codenames}
        skeleton={8}
        rowKey={(r) => r.codename}
        columns={COLUMNS}
      />
    </Page>
  );
}
