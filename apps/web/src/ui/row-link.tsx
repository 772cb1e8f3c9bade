import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { Column } from './table';

/** The detail routes, each with a row's `$id`. */
export type DetailRoute =
  | '/polls/$id'
  | '/shop/$id'
  | '/admin/users/$id'
  | '/admin/groups/$id'
  | '/admin/products/$id';

/** A link to one row's page: `<RowLink to="/shop/$id" id={3}>Mug</RowLink>`. */
export function RowLink(props: {
  to: DetailRoute;
  id: number;
  className?: string;
  label?: string;
  children: ReactNode;
}): ReactNode {
  return (
    <Link
      to={props.to}
      params={{ id: String(props.id) }}
      className={props.className}
      aria-label={props.label}
    >
      {props.children}
    </Link>
  );
}

/** A table column whose cell links to the row's page, named as `name` says. */
export function linkColumn<T extends { readonly id: number }>(
  header: string,
  to: DetailRoute,
  name: (row: T) => ReactNode,
): Column<T> {
  return {
    header,
    cell: (row) => (
      <RowLink to={to} id={row.id}>
        {name(row)}
      </RowLink>
    ),
  };
}
