import type { Hono } from 'hono';

/**
 * A minimal browser for tests against a real Hono app: keeps cookies, sends Origin from its page,
 * and echoes the csrftoken cookie in X-CSRFToken as the web client does.
 */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(
    // biome-ignore lint/suspicious/noExplicitAny: any Hono app
    readonly app: Hono<any>,
    readonly origin = 'http://localhost',
  ) {}

  async request(path: string, init: RequestInit & { json?: unknown; csrf?: boolean } = {}) {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0 && !headers.has('cookie')) {
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const method = init.method ?? (init.json === undefined ? 'GET' : 'POST');
    if (method !== 'GET' && !headers.has('origin')) headers.set('origin', this.origin);
    const csrf = this.cookies.get('csrftoken');
    if (init.csrf !== false && csrf !== undefined && !headers.has('x-csrftoken'))
      headers.set('x-csrftoken', csrf);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    const res = await this.app.request(`http://localhost${path}`, {
      ...init,
      method,
      headers,
      body,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  async login(username: string, password: string) {
    if (!this.cookies.has('csrftoken')) await this.request('/auth/csrf');
    return this.request('/auth/login', { json: { username, password } });
  }
}
