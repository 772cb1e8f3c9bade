import { type ReactNode, useState } from 'react';

/**
 * A destructive action in two clicks, without the browser's modal `confirm()`: the first click
 * arms it, the second acts; Escape or leaving disarms.
 */
export function ConfirmButton(props: {
  label: string;
  confirm: string;
  busy?: boolean;
  small?: boolean;
  onConfirm: () => void;
}): ReactNode {
  const [armed, setArmed] = useState(false);
  const size = props.small ? ' small' : '';
  if (!armed)
    return (
      <button
        type="button"
        className={`button danger-outline${size}`}
        disabled={props.busy}
        onClick={() => setArmed(true)}
      >
        {props.label}
      </button>
    );
  return (
    <span className="confirm">
      <button
        type="button"
        className={`button danger${size}`}
        disabled={props.busy}
        // biome-ignore lint/a11y/noAutofocus: focus moves to the confirmation the user just asked for
        autoFocus
        onKeyDown={(e) => {
          if (e.key === 'Escape') setArmed(false);
        }}
        onClick={() => {
          setArmed(false);
          props.onConfirm();
        }}
      >
        {props.confirm}
      </button>
      <button type="button" className={`button secondary${size}`} onClick={() => setArmed(false)}>
        Cancel
      </button>
    </span>
  );
}
