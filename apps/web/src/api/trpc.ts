import { QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@warden/api';
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
      headers: async ({ opList }) =>
        opList.some((op) => op.type === 'mutation') ? { 'x-csrftoken': await csrfToken() } : {},
      fetch: (url, init) => fetch(url, { ...init, credentials: 'same-origin' }),
    }),
  ],
});

const handle401 = (error: unknown) => {
  if (error instanceof TRPCClientError && errorCode(error) === 'UNAUTHORIZED') unauthorized();
};

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: handle401 }),
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
