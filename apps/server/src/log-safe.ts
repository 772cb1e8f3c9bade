/**
 * Text that came from a request (a path, a procedure name, an error message quoting an input), made
 * safe to write into a line-oriented log: every control character is written as an escape, so a
 * request cannot end the line it is logged on and forge the next one. `POST
 * /trpc/x%0Asecurity:%201%20FORGED` reached the log percent-decoded, and its `\n` began a line
 * `security: 1 FORGED` that a reader (or an alert rule matching `^security:`) took for ours.
 *
 * Escaped: C0 and C1 controls and DEL (`\p{Cc}`: newline, carriage return, escape sequences that
 * recolour or erase a terminal), the Unicode line and paragraph separators (some log viewers break
 * lines on them), and the bidirectional overrides and isolates, which reorder what a reader sees
 * (`Trojan Source`). The backslash itself is doubled, so `\n` in the log always means the escape and
 * a request cannot spell a fake one. Everything else, non-ASCII letters included, is kept as is.
 */
export function logSafe(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

const UNSAFE = /[\\\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu;

const NAMED: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(char: string): string {
  return NAMED[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
