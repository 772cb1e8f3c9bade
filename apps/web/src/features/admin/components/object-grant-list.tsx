import type { ReactNode } from 'react';

/** Object grants of a user or group: a codename on one object each. */
export function ObjectGrantList(props: {
  grants: readonly { codename: string; objectId: string | number }[];
}): ReactNode {
  return (
    <ul className="list compact">
      {props.grants.map((o) => (
        <li key={`${o.codename}:${o.objectId}`}>
          <code>{o.codename}</code> on #{o.objectId}
        </li>
      ))}
    </ul>
  );
}
