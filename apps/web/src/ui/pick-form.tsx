import { type ReactNode, useState } from 'react';
import { Select } from './fields';
import { Form } from './form';

export interface Option {
  readonly value: string;
  readonly label: string;
}

/**
 * Choose one and add it, in one line: a group for a user, a member for a group. The first option
 * is chosen until another is; nothing shows when there is nothing left to add.
 */
export function PickForm(props: {
  label: string;
  name: string;
  options: readonly Option[];
  busy: boolean;
  onPick: (value: string) => void;
}): ReactNode {
  const [pick, setPick] = useState('');
  const first = props.options[0];
  if (first === undefined) return null;
  // What was picked may have just been added, and left the options.
  const chosen = props.options.some((o) => o.value === pick) ? pick : first.value;
  return (
    <Form className="inline-form" label={props.label} onSubmit={() => props.onPick(chosen)}>
      <Select
        label={props.label}
        name={props.name}
        value={chosen}
        onChange={setPick}
        options={props.options}
      />
      <button type="submit" className="button secondary" disabled={props.busy}>
        Add
      </button>
    </Form>
  );
}
