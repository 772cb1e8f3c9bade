import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { trpc } from '../../../api/trpc';
import { PickForm } from '../../../ui/pick-form';
import { ProblemNotice } from '../../../ui/problem';
import { RowLink } from '../../../ui/row-link';
import { Query } from '../../../ui/states';
import { useAddMember } from '../api/add-member';
import { useRemoveMember } from '../api/remove-member';
import { MembershipList } from './membership-list';

/** A group's members: add a user, remove one (under the escalation rules). */
export function GroupMembers({
  groupId,
  mayEdit,
}: {
  groupId: number;
  mayEdit: boolean;
}): ReactNode {
  const members = useQuery(trpc.admin.groupMembers.queryOptions({ id: groupId }));
  const users = useQuery(trpc.admin.users.list.queryOptions({ page: 1, pageSize: 100 }));
  const add = useAddMember();
  const remove = useRemoveMember();
  const outside = (users.data?.items ?? []).filter(
    (u) => !(members.data ?? []).some((m) => m.id === u.id),
  );
  return (
    <>
      <h2>Members</h2>
      <Query query={members} rows={2}>
        {(rows) => (
          <MembershipList
            label="Members"
            items={rows}
            empty="No members."
            show={(m) => (
              <>
                <RowLink to="/admin/users/$id" id={m.id}>
                  {m.username}
                </RowLink>
                {m.isActive ? null : <span className="flag warn">inactive</span>}
              </>
            )}
            removeLabel={mayEdit ? (m) => `Remove ${m.username}` : undefined}
            busy={remove.isPending}
            onRemove={(m) => remove.mutate({ groupId, userId: m.id })}
          />
        )}
      </Query>
      {mayEdit ? (
        <PickForm
          label="Add member"
          name="user"
          options={outside.map((u) => ({ value: String(u.id), label: u.username }))}
          busy={add.isPending}
          onPick={(id) => add.mutate({ groupId, userId: Number(id) })}
        />
      ) : null}
      <ProblemNotice error={add.error ?? remove.error} />
    </>
  );
}
