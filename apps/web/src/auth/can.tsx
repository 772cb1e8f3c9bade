import { useQuery } from '@tanstack/react-query';
import type { AppRouter, Codename } from '@warden/api';
import { type CodenameArg, type HeldPermissions, heldPermissions } from '@warden/authz/client';
import type { ReactNode } from 'react';
import { trpc } from '../api/trpc';
import { useMe } from './session';

export type { Codename };

/**
 * Every procedure path of the API (`'shop.products.delete'`), from the router's type: a renamed
 * procedure makes each `useCanCall` of it a compile error.
 */
type PathsOf<TRecord, TPrefix extends string = ''> = {
  [K in keyof TRecord & string]: TRecord[K] extends { _def: { type: 'query' | 'mutation' } }
    ? `${TPrefix}${K}`
    : TRecord[K] extends { _def: { record: infer R } }
      ? PathsOf<R, `${TPrefix}${K}.`>
      : PathsOf<TRecord[K], `${TPrefix}${K}.`>;
}[keyof TRecord & string];
export type ProcedurePath = PathsOf<AppRouter['_def']['record']>;

const NOBODY = heldPermissions<Codename>([]);

/** `can('shop.add_product')` for the logged-in user, from `auth.me` (nobody while loading). */
export function usePermissions(): HeldPermissions<Codename> {
  const me = useMe();
  return me.data ? heldPermissions(me.data.permissions) : NOBODY;
}

/** A wrong codename is a compile error naming the nearest valid ones (`CodenameArg`). */
export function useCan<K extends string>(codename: CodenameArg<K, Codename>): boolean {
  return usePermissions().can(codename);
}

/** Shows `children` only to users holding `perm` (any of them, for a list); else `fallback`. */
export function Can<K extends string>(props: {
  perm: CodenameArg<K, Codename> | readonly CodenameArg<K, Codename>[];
  children: ReactNode;
  fallback?: ReactNode;
}): ReactNode {
  const perms = usePermissions();
  const wanted = typeof props.perm === 'string' ? [props.perm] : props.perm;
  return perms.canAny(...wanted) ? props.children : (props.fallback ?? null);
}

/**
 * May the current user call these procedures? Runs each procedure's own guard on the server
 * (`access.canCall`), so composite guards (staff and auth.change_user) need no copy on the client.
 * Every path answers false until the server has spoken.
 */
export function useCanCall<const P extends ProcedurePath>(
  ...paths: P[]
): { may: (path: P) => boolean; loading: boolean } {
  const me = useMe();
  const answer = useQuery({
    ...trpc.access.canCall.queryOptions({ paths }),
    enabled: me.data?.authenticated === true,
  });
  return {
    may: (path) => answer.data?.[path] === true,
    loading: answer.isPending,
  };
}
