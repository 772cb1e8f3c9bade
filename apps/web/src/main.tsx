import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { onUnauthorized, queryClient, trpc } from './api/trpc';
import { router } from './router';
import './styles.css';

// A 401 from any call: the session is gone (expired, logged out elsewhere, user deactivated).
// Forget who we were and go to the login page, which brings the user back here afterwards.
onUnauthorized(() => {
  const here = router.state.location;
  if (here.pathname === '/login') return;
  void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
  // The invitation page offers its own login; its address (the token) must not go into `next`.
  if (here.pathname === '/invitation') return;
  void router.navigate({ to: '/login', search: { next: here.href, reason: 'expired' } });
});

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
