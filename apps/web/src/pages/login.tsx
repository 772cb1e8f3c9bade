import { Navigate, useNavigate, useSearch } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { safeNext } from '../auth/next';
import { logIn, useMe } from '../auth/session';
import { Field } from '../ui/form';

const REASONS: Record<string, string> = {
  expired: 'Your session has ended. Please log in again.',
  'logged-out': 'You have been logged out.',
  'logged-out-everywhere': 'You have been logged out on every device.',
};

export function LoginPage(): ReactNode {
  const search = useSearch({ from: '/login' });
  const navigate = useNavigate();
  const me = useMe();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
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
        <form
          className="form"
          aria-label="Log in"
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            setError(null);
            try {
              const result = await logIn(username.trim(), password);
              if (result.ok) {
                await me.refetch();
                await navigate({ to: next, replace: true });
              } else setError(result.message);
            } catch {
              setError('The server could not be reached. Check your connection and try again.');
            } finally {
              setBusy(false);
            }
          }}
        >
          <Field
            label="Username"
            name="username"
            value={username}
            onChange={setUsername}
            autoComplete="username"
            required
            autoFocus
          />
          <Field
            label="Password"
            name="password"
            type="password"
            value={password}
            onChange={setPassword}
            autoComplete="current-password"
            required
          />
          {error ? (
            <p className="notice notice-forbidden" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" className="button wide" disabled={busy}>
            {busy ? 'Logging in…' : 'Log in'}
          </button>
        </form>
      </div>
    </section>
  );
}
