import type { ReactNode } from 'react';

/**
 * A group's members, or a user's groups: each shown as `show` says, with a button that ends the
 * membership for whoever may (`removeLabel`; none in a read-only view).
 */
export function MembershipList<T extends { readonly id: number }>(props: {
  label?: string;
  items: readonly T[];
  empty: string;
  show: (item: T) => ReactNode;
  removeLabel?: ((item: T) => string) | undefined;
  busy: boolean;
  onRemove: (item: T) => void;
}): ReactNode {
  const { removeLabel } = props;
  if (props.items.length === 0) return <p className="empty">{props.empty}</p>;
  return (
    <ul className="list compact" aria-label={props.label}>
      {props.items.map((item) => (
        <li key={item.id}>
          {props.show(item)}
          {removeLabel === undefined ? null : (
            <button
              type="button"
              className="button secondary small"
              disabled={props.busy}
              onClick={() => props.onRemove(item)}
            >
              {removeLabel(item)}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
