import type { ReactNode } from 'react';
import type { MutationState } from './card-form';
import { ConfirmButton } from './confirm-button';
import { ProblemNotice } from './problem';

/** The delete block of a detail page: a confirmed button, and the server's refusal if there is one. */
export function DangerZone(props: {
  state: MutationState;
  label: string;
  confirm: string;
  onConfirm: () => void;
}): ReactNode {
  return (
    <div className="danger-zone">
      <ProblemNotice error={props.state.error} />
      <ConfirmButton
        label={props.label}
        confirm={props.confirm}
        busy={props.state.isPending}
        onConfirm={props.onConfirm}
      />
    </div>
  );
}
