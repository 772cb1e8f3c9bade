import { type ReactNode, useId, useState } from 'react';

/** A labelled input: the label is clickable, the hint and the error are read with the field. */
export function Field(props: {
  label: string;
  name: string;
  type?: 'text' | 'password' | 'email' | 'number' | 'search';
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  autoComplete?: string;
  hint?: string;
  min?: number;
  step?: number;
  inputMode?: 'numeric' | 'decimal' | 'text';
  autoFocus?: boolean;
}): ReactNode {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        required={props.required}
        autoComplete={props.autoComplete}
        min={props.min}
        step={props.step}
        inputMode={props.inputMode}
        // biome-ignore lint/a11y/noAutofocus: only the login form asks for it, as its only task
        autoFocus={props.autoFocus}
        aria-describedby={props.hint ? hintId : undefined}
      />
      {props.hint ? (
        <small id={hintId} className="hint">
          {props.hint}
        </small>
      ) : null}
    </div>
  );
}

export function Checkbox(props: {
  label: string;
  name: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}): ReactNode {
  const id = useId();
  return (
    <div className="check">
      <input
        id={id}
        name={props.name}
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <label htmlFor={id}>{props.label}</label>
    </div>
  );
}

export function Select(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
  required?: boolean;
}): ReactNode {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        value={props.value}
        required={props.required}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A success line that screen readers announce. */
export function Saved(props: { children: ReactNode }): ReactNode {
  return (
    <output className="notice notice-ok" aria-live="polite">
      {props.children}
    </output>
  );
}

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
