import type { ReactNode } from 'react';
import { ConfirmButton } from './form';
import { ProblemNotice } from './problem';

/** The delete block of a detail page: a confirmed button, and the server's refusal if there is one. */
export function DangerZone(props: {
  error: unknown;
  label: string;
  confirm: string;
  busy: boolean;
  onConfirm: () => void;
}): ReactNode {
  return (
    <div className="danger-zone">
      <ProblemNotice error={props.error} />
      <ConfirmButton
        label={props.label}
        confirm={props.confirm}
        busy={props.busy}
        onConfirm={props.onConfirm}
      />
    </div>
  );
}
