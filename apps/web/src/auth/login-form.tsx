import { type ReactNode, useState } from 'react';
import { Field, PasswordField } from '../ui/fields';
import { Form } from '../ui/form';
import { useTextFields } from '../ui/text-fields';
import { logIn } from './session';

/**
 * Username and password, then `/auth/login`: the login page's form, and the invitation page's for
 * someone who has an account. `onLoggedIn` runs once the session is there; `onBusy` tells the page
 * while the form is at work (a page that leaves when it sees a session must wait for it).
 */
export function LoginForm(props: {
  onLoggedIn: () => Promise<unknown>;
  onBusy?: (busy: boolean) => void;
  autoFocus?: boolean;
}): ReactNode {
  const form = useTextFields({ username: '', password: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const working = (on: boolean) => {
    setBusy(on);
    props.onBusy?.(on);
  };

  const submit = async () => {
    working(true);
    setError(null);
    try {
      const result = await logIn(form.values.username.trim(), form.values.password);
      if (result.ok) await props.onLoggedIn();
      else setError(result.message);
    } catch {
      setError('The server could not be reached. Check your connection and try again.');
    } finally {
      working(false);
    }
  };

  return (
    <Form className="form" label="Log in" onSubmit={() => void submit()}>
      <Field
        label="Username"
        {...form.field('username')}
        autoComplete="username"
        required
        autoFocus={props.autoFocus}
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
  );
}
