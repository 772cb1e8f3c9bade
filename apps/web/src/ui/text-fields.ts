import { useState } from 'react';

/**
 * The text fields of a form, by name: `field('email')` is what a `<Field>` needs (its name, value
 * and onChange), `values` what the mutation sends, `clear()` empties them after a create. One state
 * for the form instead of a `useState` pair, a value and an onChange per field.
 */
export function useTextFields<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState(initial);
  return {
    values,
    field: <K extends keyof T & string>(name: K) => ({
      name,
      value: values[name],
      onChange: (value: string) => setValues((all) => ({ ...all, [name]: value })),
    }),
    clear: () => setValues(initial),
  };
}
