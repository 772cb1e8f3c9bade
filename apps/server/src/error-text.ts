import { logSafe } from './log-safe.js';

/**
 * An unexpected error as one log entry, without the values it carried. A failed query's message
 * (Drizzle's `DrizzleQueryError`) lists its parameters: a new API token's hash, a password hash,
 * a session id. So each error of the `cause` chain is logged by its name, code and message, a
 * query by its SQL text only, and the stack by its frames. Names, codes and messages go through
 * `logSafe`: a message may quote a request's input (Postgres' `invalid input syntax for type
 * integer: "…"`), and a newline in it must not begin a line of the log.
 */
export function errorText(error: unknown): string {
  const lines: string[] = [];
  const seen = new Set<unknown>();
  let current = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    const code = 'code' in current && typeof current.code === 'string' ? ` [${current.code}]` : '';
    // Drizzle's wrapper spells the parameters into its message; the driver's error under it
    // carries them as properties only, and its message is Postgres' own.
    const message =
      'query' in current && typeof current.query === 'string' && isDrizzleQuery(current.message)
        ? `failed query: ${current.query} (parameters withheld)`
        : current.message;
    const line = `${current.name}${code}: ${message}`;
    lines.push(`${lines.length === 0 ? '' : 'caused by '}${logSafe(line)}`);
    current = current.cause;
  }
  if (lines.length === 0) return `non-error thrown: ${typeof error}`;
  const frames = error instanceof Error ? (error.stack ?? '').split('\n').filter(isFrame) : [];
  return [...lines, ...frames].join('\n');
}

const isDrizzleQuery = (message: string) => message.startsWith('Failed query: ');
const isFrame = (line: string) => /^\s+at /.test(line);

/**
 * What went wrong, for an operator reading one line (a failed start): the message of the innermost
 * cause, with Postgres' hint when it gave one. A failed migration's outer error is drizzle's
 * `Failed query: <the whole statement>`; the database's own words are under it (migration 0004's
 * "usernames must be unique regardless of case; these differ only in case: …").
 */
export function rootMessage(error: unknown): string {
  let said: Error | undefined;
  const seen = new Set<unknown>();
  for (let current = error; current instanceof Error && !seen.has(current); ) {
    seen.add(current);
    if (current.message !== '') said = current; // an AggregateError (ECONNREFUSED) says nothing
    current = current.cause;
  }
  if (said === undefined) return logSafe(String(error));
  const hint = 'hint' in said && typeof said.hint === 'string' ? ` (${said.hint})` : '';
  return logSafe(`${said.message}${hint}`);
}
