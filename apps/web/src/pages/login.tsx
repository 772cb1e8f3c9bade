import { Navigate, useNavigate, useSearch } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { safeNext } from '../auth/next';
import { logIn, useMe } from '../auth/session';
import { Field, PasswordField } from '../ui/fields';
import { Form } from '../ui/form';
import { useTextFields } from '../ui/text-fields';

const REASONS: Record<string, string> = {
  expired: 'Your session has ended. Please log in again.',
  'logged-out': 'You have been logged out.',
  'logged-out-everywhere': 'You have been logged out on every device.',
};

export function LoginPage(): ReactNode {
  const search = useSearch({ from: '/login' });
  const navigate = useNavigate();
  const me = useMe();
  const form = useTextFields({ username: '', password: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(search.next);

  if (me.data?.authenticated && !busy) return <Navigate to={next} replace />;

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await logIn(form.values.username.trim(), form.values.password);
      if (result.ok) {
        await me.refetch();
        await navigate({ to: next, replace: true });
      } else setError(result.message);
    } catch {
      setError('The server could not be reached. Check your connection and try again.');
    } finally {
      setBusy(false);
    }
  };

  const notice =
    (search.reason ? REASONS[search.reason] : undefined) ??
    (next !== '/' ? 'Please log in to continue.' : undefined);

  return (
    <section className="page login">
      <div className="card login-card">
        <h1>Log in</h1>
        {notice ? <p className="notice notice-info">{notice}</p> : null}
        <Form className="form" label="Log in" onSubmit={() => void submit()}>
          <Field
            label="Username"
            {...form.field('username')}
            autoComplete="username"
            required
            autoFocus
          />
          <PasswordField label="Password" {...form.field('password')} current />
          {error ? (
            <p className="notice notice-forbidden" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" className="button wide" disabled={busy}>
            {busy ? 'Logging in…' : 'Log in'}
          </button>
        </Form>
      </div>
    </section>
  );
}
