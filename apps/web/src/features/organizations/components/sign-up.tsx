import type { ReactNode } from 'react';
import { CardForm } from '../../../ui/card-form';
import { Field, PasswordField } from '../../../ui/fields';
import { useTextFields } from '../../../ui/text-fields';
import { useSignUpByInvitation } from '../api/sign-up-by-invitation';

/** A new account by an invitation link: it is created, joins, and is logged in, in one request. */
export function SignUpByInvitation(props: {
  token: string;
  /** Whom the invitation is for, if the sender said: the email field starts with it. */
  email: string;
}): ReactNode {
  const form = useTextFields({ username: '', email: props.email, password: '' });
  const signUp = useSignUpByInvitation();
  return (
    <CardForm
      label="Create an account"
      submit="Create account and join"
      state={signUp}
      onSubmit={() =>
        signUp.mutate({ token: props.token, ...form.values, username: form.values.username.trim() })
      }
    >
      <Field label="Username" {...form.field('username')} autoComplete="username" required />
      <Field label="Email" {...form.field('email')} type="email" autoComplete="email" />
      <PasswordField label="Password" {...form.field('password')} hint="At least 8 characters." />
    </CardForm>
  );
}
