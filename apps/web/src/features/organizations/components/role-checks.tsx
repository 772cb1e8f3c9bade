import { type ReactNode, useState } from 'react';
import type { RouterOutputs } from '../../../api/trpc';
import { Checkbox } from '../../../ui/fields';

/** A role of the organization: a group, and whether the admin may give it here. */
export type Role = RouterOutputs['organization']['roles'][number];

/** Ticks `id` on or off in a list of role ids. */
const toggled = (ids: readonly number[], id: number, on: boolean) =>
  on ? [...ids, id] : ids.filter((i) => i !== id);

/**
 * Roles as checkboxes (`chosen`: the ids ticked), under `legend`. A role the admin may not give
 * shows disabled, as it is: the server would refuse the change.
 */
export function RoleChecks(props: {
  legend: string;
  roles: readonly Role[];
  chosen: readonly number[];
  onChange: (ids: number[]) => void;
  /** Before each box's name, for one checkbox group of many on a page (a table's rows). */
  name: string;
  /** The legend for screen readers only (a table's column says it). */
  quiet?: boolean;
}): ReactNode {
  return (
    <fieldset className="checks">
      <legend className={props.quiet ? 'sr-only' : undefined}>{props.legend}</legend>
      {props.roles.map((r) => (
        <Checkbox
          key={r.id}
          label={r.name}
          name={`${props.name}-${r.id}`}
          checked={props.chosen.includes(r.id)}
          disabled={!r.assignable}
          onChange={(on) => props.onChange(toggled(props.chosen, r.id, on))}
        />
      ))}
    </fieldset>
  );
}

/**
 * The roles a form gives (adding a member, an invitation): only those this admin may give, the
 * ones whose every grant it holds in the organization. `checks` are the boxes; `clear` after a send.
 */
export function useRoleChoice(roles: readonly Role[], name: string) {
  const [chosen, setChosen] = useState<number[]>([]);
  const checks = (
    <RoleChecks
      legend="Roles"
      name={name}
      roles={roles.filter((r) => r.assignable)}
      chosen={chosen}
      onChange={setChosen}
    />
  );
  return { chosen, checks, clear: () => setChosen([]) };
}
