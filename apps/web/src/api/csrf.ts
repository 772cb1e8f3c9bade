// Django's double-submit token: the server sets the `csrftoken` cookie (`__Host-csrftoken` in
// production) and every unsafe request echoes it in X-CSRFToken. The cookie is readable by design;
// only a page of our own origin can read it, which is the point.

const PREFIXED = /(?:^|;\s*)__Host-csrftoken=([^;]+)/;
const PLAIN = /(?:^|;\s*)csrftoken=([^;]+)/;

/**
 * The token of the cookie the server reads. A sibling subdomain or a network attacker on plain
 * http can set ("toss") an unprefixed `csrftoken` for our host, never a `__Host-` one (the browser
 * takes those only over https, from this host, for `/`). So `__Host-csrftoken` wins wherever it
 * is, and on an https page a lone `csrftoken` is not trusted at all: a production server reads
 * only the prefixed cookie, and a development server behind TLS is asked for its token instead.
 * Before, whichever came first in `document.cookie` was sent, and a tossed cookie failed every
 * mutation in production.
 */
function fromCookie(): string | null {
  const cookies = document.cookie;
  const match =
    PREFIXED.exec(cookies) ?? (location.protocol === 'https:' ? null : PLAIN.exec(cookies));
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

let pending: Promise<string> | null = null;

/**
 * The current token; asks `/auth/csrf` when the browser has none we trust. The server answers with
 * the token of the cookie it will compare against (setting it if there was none), so its answer
 * wins over anything read from `document.cookie` afterwards.
 */
export async function csrfToken(): Promise<string> {
  const existing = fromCookie();
  if (existing !== null) return existing;
  pending ??= fetch('/auth/csrf', { credentials: 'same-origin' })
    .then(async (res) => {
      if (!res.ok) throw new Error(`could not get a CSRF token (HTTP ${res.status})`);
      const body: unknown = await res.json();
      const token =
        typeof body === 'object' && body !== null && 'token' in body ? body.token : undefined;
      return typeof token === 'string' ? token : (fromCookie() ?? '');
    })
    .finally(() => {
      pending = null;
    });
  return pending;
}

/** fetch for the plain `/auth` endpoints: JSON in, the CSRF header on, cookies same-origin. */
export async function postAuth(path: string, body?: unknown): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrftoken': await csrfToken() },
    body: JSON.stringify(body ?? {}),
  });
}
