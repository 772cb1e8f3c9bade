import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { trpc } from '../../../api/trpc';
import { PickForm } from '../../../ui/pick-form';
import { ProblemNotice } from '../../../ui/problem';
import { RowLink } from '../../../ui/row-link';
import { useAddMember } from '../api/add-member';
import { useRemoveMember } from '../api/remove-member';
import { MembershipList } from './membership-list';

/** The groups a user is in: join another, leave one (under the escalation rules). */
export function UserGroups(props: {
  userId: number;
  groups: readonly { id: number; name: string }[];
  readOnly: boolean;
}): ReactNode {
  const { userId, readOnly } = props;
  const all = useQuery(trpc.admin.groups.list.queryOptions());
  const add = useAddMember();
  const remove = useRemoveMember();
  const joinable = (all.data ?? []).filter((g) => !props.groups.some((m) => m.id === g.id));
  return (
    <section aria-labelledby="groups-title">
      <h2 id="groups-title">Groups</h2>
      <MembershipList
        items={props.groups}
        empty="Not in any group."
        show={(g) => (
          <RowLink to="/admin/groups/$id" id={g.id}>
            {g.name}
          </RowLink>
        )}
        removeLabel={readOnly ? undefined : (g) => `Remove from ${g.name}`}
        busy={remove.isPending}
        onRemove={(g) => remove.mutate({ groupId: g.id, userId })}
      />
      {readOnly ? null : (
        <PickForm
          label="Add to group"
          name="group"
          options={joinable.map((g) => ({ value: String(g.id), label: g.name }))}
          busy={add.isPending}
          onPick={(id) => add.mutate({ groupId: Number(id), userId })}
        />
      )}
      <ProblemNotice error={add.error ?? remove.error} />
    </section>
  );
}
