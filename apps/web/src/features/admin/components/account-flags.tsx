import type { ReactNode } from 'react';
import { useState } from 'react';
import { useMe } from '../../../auth/session';
import { CardForm } from '../../../ui/card-form';
import { ConfirmButton } from '../../../ui/confirm-button';
import { Checkbox, Field } from '../../../ui/fields';
import { useUpdateUser } from '../api/update-user';

export interface AdminUser {
  readonly id: number;
  readonly username: string;
  readonly email: string;
  readonly isActive: boolean;
  readonly isStaff: boolean;
  readonly isSuperuser: boolean;
}

/** A user's email and flags, and (de)activation: Django admin's change form, read-only without the right. */
export function AccountFlags({
  user,
  readOnly,
}: {
  user: AdminUser;
  readOnly: boolean;
}): ReactNode {
  const me = useMe();
  const [email, setEmail] = useState(user.email);
  const [isStaff, setStaff] = useState(user.isStaff);
  const [isSuperuser, setSuperuser] = useState(user.isSuperuser);
  const update = useUpdateUser();
  const superuser = me.data?.user?.isSuperuser === true;
  const self = me.data?.user?.id === user.id;
  const activation = user.isActive ? (
    self ? null : (
      <ConfirmButton
        label="Deactivate user"
        confirm={`Yes, deactivate ${user.username} and end their sessions`}
        busy={update.isPending}
        onConfirm={() => update.mutate({ id: user.id, isActive: false })}
      />
    )
  ) : (
    <button
      type="button"
      className="button secondary"
      disabled={update.isPending}
      onClick={() => update.mutate({ id: user.id, isActive: true })}
    >
      Reactivate user
    </button>
  );
  return (
    <CardForm
      label="Account"
      submit={readOnly ? null : 'Save'}
      state={update}
      saved="Saved."
      {...(readOnly ? {} : { actions: activation })}
      onSubmit={() =>
        update.mutate({
          id: user.id,
          email,
          isStaff,
          // Only a superuser may change superuser status; others never send the flag.
          ...(superuser && isSuperuser !== user.isSuperuser ? { isSuperuser } : {}),
        })
      }
    >
      <fieldset disabled={readOnly || update.isPending}>
        <Field label="Email" name="email" type="email" value={email} onChange={setEmail} />
        <Checkbox
          label="Staff (may open the admin area)"
          name="isStaff"
          checked={isStaff}
          onChange={setStaff}
        />
        <Checkbox
          label="Superuser (holds every permission)"
          name="isSuperuser"
          checked={isSuperuser}
          onChange={setSuperuser}
          disabled={!superuser}
        />
      </fieldset>
    </CardForm>
  );
}
