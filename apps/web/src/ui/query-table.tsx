import type { ReactNode } from 'react';
import { Pager } from './pager';
import { Query, type QueryState } from './states';
import { Table, type TableProps } from './table';

/** A table of what a query lists, with the query's loading and error states in its place. */
export function QueryTable<T>(
  props: Omit<TableProps<T>, 'rows'> & { query: QueryState<readonly T[]>; skeleton?: number },
): ReactNode {
  const { query, skeleton, ...table } = props;
  return (
    <Query query={query} rows={skeleton}>
      {(rows) => <Table {...table} rows={rows} />}
    </Query>
  );
}

/** One page of a paged list (`{ items, total }`), with the pager below. */
export function PagedTable<T>(
  props: Omit<TableProps<T>, 'rows'> & {
    query: QueryState<{ items: readonly T[]; total?: number | null }>;
    page: number;
    pageSize: number;
    onPage: (page: number) => void;
    skeleton?: number;
  },
): ReactNode {
  const { query, page, pageSize, onPage, skeleton, ...table } = props;
  return (
    <Query query={query} rows={skeleton}>
      {(data) => (
        <>
          <Table {...table} rows={data.items} />
          <Pager page={page} pageSize={pageSize} total={data.total ?? 0} onPage={onPage} />
        </>
      )}
    </Query>
  );
}
