import type { ReactNode } from 'react';
import { useMe } from '../../../auth/session';
import { CardForm } from '../../../ui/card-form';
import { PasswordField } from '../../../ui/fields';
import { useTextFields } from '../../../ui/text-fields';
import { useSetPassword } from '../api/set-password';

/** Django admin's password form; one's own password needs the current one. */
export function SetPassword({ id }: { id: number }): ReactNode {
  // One's own password needs the current one: a stolen staff session must not become the account.
  const self = useMe().data?.user?.id === id;
  const form = useTextFields({ currentPassword: '', password: '' });
  const { currentPassword, password } = form.values;
  const set = useSetPassword();
  return (
    <CardForm
      label="Set password"
      submit="Set password"
      state={set}
      saved="Password set."
      onSubmit={() =>
        set.mutate(
          { id, password, ...(self ? { currentPassword } : {}) },
          { onSuccess: form.clear },
        )
      }
    >
      {self ? (
        <PasswordField label="Current password" {...form.field('currentPassword')} current />
      ) : null}
      <PasswordField
        label="New password"
        {...form.field('password')}
        hint={
          self
            ? 'At least 8 characters. Ends your other sessions and your API tokens.'
            : "At least 8 characters. Ends the user's sessions."
        }
      />
    </CardForm>
  );
}
