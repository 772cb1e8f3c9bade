import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { describeProblem, type Problem } from '../api/errors';
import { trpc } from '../api/trpc';
import { useMe } from '../auth/session';

/** Human names of every codename (`auth.permissionNames`), for "you need Can change user". */
export function usePermissionNames(): Readonly<Record<string, string>> {
  const me = useMe();
  const names = useQuery({
    ...trpc.auth.permissionNames.queryOptions(),
    enabled: me.data?.authenticated === true,
    staleTime: Number.POSITIVE_INFINITY,
  });
  return Object.fromEntries((names.data ?? []).map((n) => [n.codename, n.name]));
}

export function useDescribe(): (error: unknown) => Problem {
  const names = usePermissionNames();
  return (error) => describeProblem(error, names);
}

/** An error as a sentence, announced to screen readers. Nothing when there is no error. */
export function ProblemNotice(props: { error: unknown; title?: string }): ReactNode {
  const describe = useDescribe();
  if (props.error === null || props.error === undefined) return null;
  const problem = describe(props.error);
  return (
    <div className={`notice notice-${problem.kind}`} role="alert" data-kind={problem.kind}>
      {props.title ? <strong>{props.title}: </strong> : null}
      {problem.message}
    </div>
  );
}
