import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { trpc } from '../../../api/trpc';
import { CardForm } from '../../../ui/card-form';
import { Select } from '../../../ui/fields';
import { useGrant } from '../api/grant';

/** Grant one of a model's codenames on one object, to a user or a group. */
export function ObjectGrantForm(props: {
  objectId: number;
  /** The model's codenames, with their names. */
  codenames: readonly { codename: string; name: string }[];
}): ReactNode {
  const users = useQuery(trpc.admin.users.list.queryOptions({ page: 1, pageSize: 100 }));
  const groups = useQuery(trpc.admin.groups.list.queryOptions());
  const grant = useGrant();
  const [target, setTarget] = useState('');
  const [codename, setCodename] = useState('');
  const targets = [
    ...(users.data?.items ?? []).map((u) => ({
      value: `user:${u.id}`,
      label: `User ${u.username}`,
    })),
    ...(groups.data ?? []).map((g) => ({ value: `group:${g.id}`, label: `Group ${g.name}` })),
  ];
  const chosenTarget = target || targets[0]?.value || '';
  const chosenCodename = codename || props.codenames[0]?.codename || '';
  return (
    <CardForm
      label="Grant on this product"
      submit="Grant"
      state={grant}
      onSubmit={() => {
        const [kind, raw] = chosenTarget.split(':');
        const who = Number(raw);
        const perm = props.codenames.find((p) => p.codename === chosenCodename);
        if (!perm || !(who > 0)) return;
        grant.mutate({
          target: kind === 'group' ? { groupId: who } : { userId: who },
          codename: perm.codename,
          objectId: props.objectId,
        });
      }}
    >
      <div className="row">
        <Select
          label="To"
          name="target"
          value={chosenTarget}
          onChange={setTarget}
          options={targets}
        />
        <Select
          label="Permission"
          name="codename"
          value={chosenCodename}
          onChange={setCodename}
          options={props.codenames.map((p) => ({
            value: p.codename,
            label: `${p.name} (${p.codename})`,
          }))}
        />
      </div>
    </CardForm>
  );
}
