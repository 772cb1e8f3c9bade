import type { ReactNode } from 'react';

/** A form that is handled here, never posted by the browser: `onSubmit` gets no event to cancel. */
export function Form(props: {
  className: string;
  label?: string;
  onSubmit: () => void;
  children: ReactNode;
}): ReactNode {
  return (
    <form
      className={props.className}
      aria-label={props.label}
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      {props.children}
    </form>
  );
}
