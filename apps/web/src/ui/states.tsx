import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { errorCode } from '../api/errors';
import { ProblemNotice } from './problem';

/** Placeholder rows of the size of the content, so nothing moves when it arrives. */
export function Loading(props: { rows?: number; label?: string }): ReactNode {
  return (
    <div className="loading" aria-busy="true" aria-live="polite">
      <span className="sr-only">{props.label ?? 'Loading…'}</span>
      {Array.from({ length: props.rows ?? 3 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <div key={i} className="skeleton" />
      ))}
    </div>
  );
}

export function Empty(props: { children: ReactNode }): ReactNode {
  return <p className="empty">{props.children}</p>;
}

export function ErrorState(props: { error: unknown; retry?: () => void }): ReactNode {
  // Asking again helps after a network failure or a server error, never after a 4xx.
  const code = errorCode(props.error);
  const transient = code === null || code === 'INTERNAL_SERVER_ERROR';
  return (
    <div className="error-state">
      <ProblemNotice error={props.error} />
      {props.retry && transient ? (
        <button type="button" className="button secondary" onClick={props.retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function NotFoundPage(): ReactNode {
  return (
    <section className="page narrow">
      <h1>Page not found</h1>
      <p>There is nothing at this address, or you may not see it.</p>
      <p>
        <Link to="/" className="button">
          Back to the start page
        </Link>
      </p>
    </section>
  );
}

/** What `Query` reads of a TanStack query. */
export interface QueryState<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly isPending: boolean;
  refetch: () => unknown;
}

/** One query's three states, then the content. */
export function Query<T>(props: {
  query: QueryState<T>;
  rows?: number | undefined;
  children: (data: T) => ReactNode;
}): ReactNode {
  const { query } = props;
  if (query.data !== undefined) return props.children(query.data);
  if (query.isPending) return <Loading {...(props.rows ? { rows: props.rows } : {})} />;
  return <ErrorState error={query.error} retry={() => void query.refetch()} />;
}
