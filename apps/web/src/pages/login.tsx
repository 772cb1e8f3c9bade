import { Navigate, useNavigate, useSearch } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { LoginForm } from '../auth/login-form';
import { safeNext } from '../auth/next';
import { useMe } from '../auth/session';

const REASONS: Record<string, string> = {
  expired: 'Your session has ended. Please log in again.',
  'logged-out': 'You have been logged out.',
  'logged-out-everywhere': 'You have been logged out on every device.',
};

export function LoginPage(): ReactNode {
  const search = useSearch({ from: '/login' });
  const navigate = useNavigate();
  const me = useMe();
  const [busy, setBusy] = useState(false);
  const next = safeNext(search.next);

  if (me.data?.authenticated && !busy) return <Navigate to={next} replace />;

  const notice =
    (search.reason ? REASONS[search.reason] : undefined) ??
    (next !== '/' ? 'Please log in to continue.' : undefined);

  return (
    <section className="page login">
      <div className="card login-card">
        <h1>Log in</h1>
        {notice ? <p className="notice notice-info">{notice}</p> : null}
        <LoginForm
          autoFocus
          onBusy={setBusy}
          onLoggedIn={async () => {
            await me.refetch();
            await navigate({ to: next, replace: true });
          }}
        />
      </div>
    </section>
  );
}
