import { type ReactNode, useState } from 'react';

/**
 * A secret the server shows once (an API token, an invitation link): said so, selectable in full,
 * with a button that copies it.
 */
export function ShownOnce(props: {
  what: string;
  value: string;
  testId: string;
  /** What else to know of it (how long it works). */
  note?: ReactNode;
}): ReactNode {
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <div className="card secret" role="status">
      <p>
        <strong>Copy your new {props.what} now.</strong> It is shown only once.
      </p>
      {props.note === undefined ? null : <p>{props.note}</p>}
      <code className="token" data-testid={props.testId}>
        {props.value}
      </code>
      <p className="buttons">
        <button
          type="button"
          className="button secondary small"
          onClick={() =>
            void navigator.clipboard.writeText(props.value).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          Copy
        </button>
        {copied === null ? null : (
          <span className="meta" aria-live="polite">
            {copied ? 'Copied.' : 'This browser did not let the page copy it: select it instead.'}
          </span>
        )}
      </p>
    </div>
  );
}
