import { useNavigate } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { useMe } from '../../../auth/session';
import { CardForm } from '../../../ui/card-form';
import { Checkbox, Field, PasswordField } from '../../../ui/fields';
import { useTextFields } from '../../../ui/text-fields';
import { useCreateUser } from '../api/create-user';

/** Django admin's "Add user": then on to the new user's page, for groups and grants. */
export function NewUser(): ReactNode {
  const me = useMe();
  const navigate = useNavigate();
  const form = useTextFields({ username: '', email: '', password: '' });
  const [isStaff, setStaff] = useState(false);
  const [isSuperuser, setSuperuser] = useState(false);
  const create = useCreateUser();
  // Only a superuser may make a superuser: nobody else is offered the box, nor sends the flag.
  const superuser = me.data?.user?.isSuperuser === true;
  return (
    <CardForm
      label="New user"
      submit="Create user"
      state={create}
      onSubmit={() =>
        create.mutate(
          { ...form.values, isStaff, ...(superuser ? { isSuperuser } : {}) },
          {
            onSuccess: (user) =>
              navigate({ to: '/admin/users/$id', params: { id: String(user.id) } }),
          },
        )
      }
    >
      <div className="row">
        <Field label="Username" {...form.field('username')} autoComplete="off" required />
        <Field label="Email" {...form.field('email')} type="email" autoComplete="off" />
      </div>
      <PasswordField label="Password" {...form.field('password')} hint="At least 8 characters." />
      <div className="row checks">
        <Checkbox
          label="Staff (may open the admin area)"
          name="isStaff"
          checked={isStaff}
          onChange={setStaff}
        />
        {superuser ? (
          <Checkbox
            label="Superuser (holds every permission)"
            name="isSuperuser"
            checked={isSuperuser}
            onChange={setSuperuser}
          />
        ) : null}
      </div>
    </CardForm>
  );
}
