/**
 * Where to go after logging in: only a path of this site. `?next=https://evil.example` or
 * `?next=//evil.example` (protocol-relative) must not turn the login page into an open redirect.
 */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}
