import type { Key, ReactNode } from 'react';
import { ProblemNotice } from './problem';
import { Empty } from './states';

/** One column: its header, its cell for a row, and a class for both (`num`, `hide-phone`). */
export interface Column<T> {
  readonly header: ReactNode;
  readonly cell: (row: T) => ReactNode;
  readonly className?: string;
}

/** The buttons of a row, in a last column, right-aligned, under a header for screen readers only. */
export function actionsColumn<T>(cell: (row: T) => ReactNode): Column<T> {
  return { header: <span className="sr-only">Actions</span>, className: 'actions', cell };
}

/** A row's `id`, the key of most rows. */
const idOf = (row: unknown): Key =>
  typeof row === 'object' &&
  row !== null &&
  'id' in row &&
  (typeof row.id === 'string' || typeof row.id === 'number')
    ? row.id
    : '';

/** Attributes of a row: a class (`inactive`), and `data-*` for tests and styles. */
export type RowAttributes = { className?: string } & { [data: `data-${string}`]: string };

export interface TableProps<T> {
  label: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  /** Default: the row's `id`. */
  rowKey?: (row: T) => Key;
  rowAttributes?: (row: T) => RowAttributes;
  /** The refusal of a row's action (a delete), above the rows. */
  error?: unknown;
  empty?: ReactNode;
  className?: string;
}

/**
 * Every table of the app: named for screen readers (`label`), scrolling sideways on a phone,
 * `empty` in its place when there are no rows. Columns say what a cell shows; rows stay data.
 */
export function Table<T>(props: TableProps<T>): ReactNode {
  const rowKey = props.rowKey ?? idOf;
  const notice = <ProblemNotice error={props.error} />;
  if (props.rows.length === 0 && props.empty !== undefined)
    return (
      <>
        {notice}
        <Empty>{props.empty}</Empty>
      </>
    );
  return (
    <>
      {notice}
      <div className="table-wrap">
        <table
          className={props.className ? `table ${props.className}` : 'table'}
          aria-label={props.label}
        >
          <thead>
            <tr>
              {props.columns.map((column, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed per table
                <th scope="col" key={i} className={column.className}>
                  {column.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr key={rowKey(row)} {...props.rowAttributes?.(row)}>
                {props.columns.map((column, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed per table
                  <td key={i} className={column.className}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
