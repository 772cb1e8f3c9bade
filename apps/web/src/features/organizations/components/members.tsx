import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { type RouterOutputs, trpc } from '../../../api/trpc';
import { CardForm, Saved } from '../../../ui/card-form';
import { ConfirmButton } from '../../../ui/confirm-button';
import { Field } from '../../../ui/fields';
import { Form } from '../../../ui/form';
import { QueryTable } from '../../../ui/query-table';
import { actionsColumn, type Column } from '../../../ui/table';
import { useTextFields } from '../../../ui/text-fields';
import { useAddOrganizationMember } from '../api/add-member';
import { useRemoveOrganizationMember } from '../api/remove-member';
import { useSetMemberRoles } from '../api/set-member-roles';
import { type Role, RoleChecks, useRoleChoice } from './role-checks';

type Member = RouterOutputs['organization']['members']['list'][number];

/**
 * The active organization's members, each with their roles as checkboxes (saved as one change),
 * and removal; below, adding an existing account by its username.
 */
export function OrganizationMembers(props: {
  organization: string;
  roles: readonly Role[];
}): ReactNode {
  const members = useQuery(trpc.organization.members.list.queryOptions());
  const setRoles = useSetMemberRoles();
  const remove = useRemoveOrganizationMember();
  const columns: readonly Column<Member>[] = [
    {
      header: 'Member',
      cell: (m) => (
        <>
          {m.username}
          {m.isActive ? null : <span className="flag warn">inactive</span>}
        </>
      ),
    },
    { header: 'Email', className: 'hide-phone', cell: (m) => m.email || '—' },
    {
      header: 'Roles',
      cell: (m) => (
        // A new key when the server's roles change: the boxes start again from what it has.
        <MemberRoles
          key={m.roles.join('\n')}
          member={m}
          roles={props.roles}
          busy={setRoles.isPending}
          onSave={(roles) => setRoles.mutate({ userId: m.id, roles })}
        />
      ),
    },
    actionsColumn((m) => (
      <ConfirmButton
        small
        label="Remove"
        confirm={`Remove ${m.username} from ${props.organization}`}
        busy={remove.isPending}
        onConfirm={() => remove.mutate({ userId: m.id })}
      />
    )),
  ];
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      {setRoles.isSuccess ? <Saved>Roles saved.</Saved> : null}
      <QueryTable
        label="Members"
        query={members}
        skeleton={2}
        columns={columns}
        rowAttributes={(m) => ({ 'data-member': m.username })}
        error={setRoles.error ?? remove.error}
        empty="No members."
      />
      <AddMember roles={props.roles} />
    </section>
  );
}

/** One member's roles: the ones the admin may give, and any other they hold (disabled). */
function MemberRoles(props: {
  member: Member;
  roles: readonly Role[];
  busy: boolean;
  onSave: (roles: number[]) => void;
}): ReactNode {
  const held = props.roles.filter((r) => props.member.roles.includes(r.name)).map((r) => r.id);
  const [chosen, setChosen] = useState(held);
  const unchanged = chosen.length === held.length && chosen.every((id) => held.includes(id));
  return (
    <Form
      className="inline-form roles"
      label={`Roles of ${props.member.username}`}
      onSubmit={() => props.onSave(chosen)}
    >
      <RoleChecks
        quiet
        legend={`Roles of ${props.member.username}`}
        name={`member-${props.member.id}`}
        roles={props.roles.filter((r) => r.assignable || held.includes(r.id))}
        chosen={chosen}
        onChange={setChosen}
      />
      <button
        type="submit"
        className="button secondary small"
        // No roles at all is no membership: that is Remove.
        disabled={props.busy || unchanged || chosen.length === 0}
      >
        Save
      </button>
    </Form>
  );
}

/** Adds an account that exists already, by its username, with roles the admin may give. */
function AddMember(props: { roles: readonly Role[] }): ReactNode {
  const form = useTextFields({ username: '' });
  const roles = useRoleChoice(props.roles, 'add');
  const add = useAddOrganizationMember();
  const sent = () => {
    form.clear();
    roles.clear();
  };
  return (
    <CardForm
      label="Add a member"
      submit="Add member"
      state={add}
      saved="Added."
      incomplete={roles.chosen.length === 0}
      onSubmit={() =>
        add.mutate(
          { username: form.values.username.trim(), roles: roles.chosen },
          { onSuccess: sent },
        )
      }
    >
      <Field
        label="Username"
        {...form.field('username')}
        autoComplete="off"
        required
        hint="Someone with an account here. For anyone else, send an invitation link."
      />
      {roles.checks}
    </CardForm>
  );
}
