// Django's double-submit token: the server sets the `csrftoken` cookie (`__Host-csrftoken` in
// production) and every unsafe request echoes it in X-CSRFToken. The cookie is readable by design;
// only a page of our own origin can read it, which is the point.

const COOKIE = /(?:^|;\s*)(?:__Host-)?csrftoken=([^;]+)/;

function fromCookie(): string | null {
  const match = COOKIE.exec(document.cookie);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

let pending: Promise<string> | null = null;

/** The current token; asks `/auth/csrf` once when the browser has none yet. */
export async function csrfToken(): Promise<string> {
  const existing = fromCookie();
  if (existing !== null) return existing;
  pending ??= fetch('/auth/csrf', { credentials: 'same-origin' })
    .then(async (res) => {
      if (!res.ok) throw new Error(`could not get a CSRF token (HTTP ${res.status})`);
      const body: unknown = await res.json();
      const token =
        typeof body === 'object' && body !== null && 'token' in body ? body.token : undefined;
      return fromCookie() ?? (typeof token === 'string' ? token : '');
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
