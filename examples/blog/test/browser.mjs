/**
 * A browser on `base`: keeps cookies (in `jar`), sends its Origin, and sends the CSRF token back
 * as Django's X-CSRFToken header. `json` in the options is the body, sent as JSON.
 */
export function browser(base) {
  const jar = new Map();
  async function request(path, init = {}) {
    const headers = new Headers(init.headers);
    headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    if (jar.has('csrftoken')) headers.set('x-csrftoken', jar.get('csrftoken'));
    headers.set('origin', base);
    if (init.json !== undefined) headers.set('content-type', 'application/json');
    const body = init.json === undefined ? undefined : JSON.stringify(init.json);
    const res = await fetch(`${base}${path}`, { ...init, headers, body });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return res;
  }
  return Object.assign(request, { jar });
}
