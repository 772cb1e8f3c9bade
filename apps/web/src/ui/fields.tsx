import { type ReactNode, useId } from 'react';

/**
 * A field's frame: its label, tied to the control by id (so clicking it focuses the control), and
 * a hint that screen readers read with the control (`describedBy`).
 */
function Labelled(props: {
  label: string;
  hint?: string | undefined;
  children: (id: string, describedBy: string | undefined) => ReactNode;
}): ReactNode {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.children(id, props.hint ? hintId : undefined)}
      {props.hint ? (
        <small id={hintId} className="hint">
          {props.hint}
        </small>
      ) : null}
    </div>
  );
}

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
  max?: number;
  step?: number;
  inputMode?: 'numeric' | 'decimal' | 'text';
  autoFocus?: boolean;
}): ReactNode {
  return (
    <Labelled label={props.label} hint={props.hint}>
      {(id, describedBy) => (
        <input
          id={id}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          required={props.required}
          autoComplete={props.autoComplete}
          min={props.min}
          max={props.max}
          step={props.step}
          inputMode={props.inputMode}
          // biome-ignore lint/a11y/noAutofocus: only the login form asks for it, as its only task
          autoFocus={props.autoFocus}
          aria-describedby={describedBy}
        />
      )}
    </Labelled>
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
  return (
    <Labelled label={props.label}>
      {(id) => (
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
      )}
    </Labelled>
  );
}

/**
 * A password input: the one a person has (`current`, which browsers fill in) or a new one (which
 * password managers offer to generate). Always required.
 */
export function PasswordField(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  current?: boolean;
  hint?: string;
}): ReactNode {
  return (
    <Field
      label={props.label}
      name={props.name}
      type="password"
      value={props.value}
      onChange={props.onChange}
      autoComplete={props.current ? 'current-password' : 'new-password'}
      {...(props.hint ? { hint: props.hint } : {})}
      required
    />
  );
}
