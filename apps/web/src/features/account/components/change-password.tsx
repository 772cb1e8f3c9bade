import type { ReactNode } from 'react';
import { CardForm } from '../../../ui/card-form';
import { PasswordField } from '../../../ui/fields';
import { useTextFields } from '../../../ui/text-fields';
import { useChangePassword } from '../api/change-password';

/** One's own password: the current one first; the other sessions end. */
export function ChangePassword(): ReactNode {
  const form = useTextFields({ currentPassword: '', newPassword: '' });
  const change = useChangePassword();
  return (
    <CardForm
      label="Change password"
      submit="Change password"
      state={change}
      saved="Password changed. Your other sessions have been logged out."
      onSubmit={() => change.mutate(form.values, { onSuccess: form.clear })}
    >
      <PasswordField label="Current password" {...form.field('currentPassword')} current />
      <PasswordField
        label="New password"
        {...form.field('newPassword')}
        hint="At least 8 characters."
      />
    </CardForm>
  );
}
