import { MutationCache, QueryCache, QueryClient, type QueryKey } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { inferRouterOutputs } from '@trpc/server';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@warden/api';
import { activeOrganizationHeader } from '../features/organizations/active';
import { csrfToken } from './csrf';
import { errorCode } from './errors';

let unauthorized: () => void = () => {};

/** What to do when the server says the session is gone (set once by the router). */
export function onUnauthorized(handler: () => void): void {
  unauthorized = handler;
}

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    httpBatchLink({
      url: '/trpc',
      // Every mutation carries the CSRF token, so no page has to remember it. Queries are safe
      // requests and need none.
      // And every request names the active organization, if one is chosen.
      headers: async ({ opList }) => ({
        ...activeOrganizationHeader(),
        ...(opList.some((op) => op.type === 'mutation')
          ? { 'x-csrftoken': await csrfToken() }
          : {}),
      }),
      fetch: (url, init) => fetch(url, { ...init, credentials: 'same-origin' }),
    }),
  ],
});

const handle401 = (error: unknown) => {
  if (error instanceof TRPCClientError && errorCode(error) === 'UNAUTHORIZED') unauthorized();
};

declare module '@tanstack/react-query' {
  interface Register {
    /** What a mutation changes: the queries under this key are fetched again once it settles. */
    mutationMeta: { refreshes?: QueryKey };
  }
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: handle401 }),
  mutationCache: new MutationCache({
    // Each mutation's hook names what it changes (`meta.refreshes`), so no page repeats it. After
    // a refusal too: the page then shows the data as the server has it (a grid's box unticks).
    // Awaited before the page's own callbacks run, so a navigation after a delete finds it gone.
    onSettled: (_data, _error, _variables, _context, mutation) =>
      mutation.meta?.refreshes === undefined
        ? undefined
        : queryClient.invalidateQueries({ queryKey: mutation.meta.refreshes }),
  }),
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A 4xx will not change by asking again; a network blip may.
      retry: (count, error) => errorCode(error) === null && count < 2,
    },
    mutations: { onError: handle401 },
  },
});

/** `trpc.polls.questions.list.queryOptions(…)`: typed options for TanStack Query's hooks. */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });

/** What each procedure answers, for naming a row's type: `RouterOutputs['admin']['audit'][number]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
