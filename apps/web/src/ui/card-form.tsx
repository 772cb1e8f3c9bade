import type { ReactNode } from 'react';
import { Form } from './form';
import { ProblemNotice } from './problem';

/** What a form shows of its mutation: the server's refusal, the wait, the success. */
export interface MutationState {
  readonly error: unknown;
  readonly isPending: boolean;
  readonly isSuccess: boolean;
}

/**
 * A form in a card, as every form of the app is laid out: the heading, the fields, a check of the
 * page's own (`invalid`), the server's refusal, the success line (`saved`), and the submit button
 * (none when `submit` is null: a read-only view), with any further `actions` beside it.
 */
export function CardForm(props: {
  /** The form's accessible name, and its heading unless `heading` is false. */
  label: string;
  heading?: boolean;
  submit: string | null;
  state: MutationState;
  onSubmit: () => void;
  saved?: ReactNode;
  invalid?: string | null;
  /** Disables the submit button beside the wait (nothing chosen yet). */
  incomplete?: boolean;
  actions?: ReactNode;
  children: ReactNode;
}): ReactNode {
  const { state } = props;
  const submit =
    props.submit === null ? null : (
      <button type="submit" className="button" disabled={state.isPending || props.incomplete}>
        {props.submit}
      </button>
    );
  return (
    <Form className="card form" label={props.label} onSubmit={props.onSubmit}>
      {props.heading === false ? null : <h2>{props.label}</h2>}
      {props.children}
      {props.invalid ? (
        <p className="notice notice-invalid" role="alert">
          {props.invalid}
        </p>
      ) : null}
      <ProblemNotice error={state.error} />
      {state.isSuccess && props.saved ? <Saved>{props.saved}</Saved> : null}
      {props.actions === undefined ? (
        submit
      ) : (
        <div className="buttons">
          {submit}
          {props.actions}
        </div>
      )}
    </Form>
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
