import type { ReactNode } from 'react';

/** Said once at the top of an admin page the user may read but not change. */
export function ReadOnlyBanner(props: { show: boolean; what: string }): ReactNode {
  if (!props.show) return null;
  return (
    <p className="notice notice-info" data-testid="read-only">
      Read-only: you may view {props.what} but not change them (you need the permission “Can change
      user”, auth.change_user).
    </p>
  );
}
