import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@warden/api';
import type { DbHandle } from '@warden/db';
import { type AppDeps, createApp } from '../src/app.js';

/** The real app on a real socket (127.0.0.1, a free port), for tests over HTTP. */
export async function startServer(db: DbHandle, options: Omit<AppDeps, 'db'> = {}) {
  const app = createApp({ ...options, db });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    app,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.auth.close();
    },
  };
}

/**
 * A browser-like client: keeps cookies, sends Origin and echoes csrftoken in X-CSRFToken, and
 * calls the API through the typed tRPC client. `as(token)` is a script with an API token instead.
 */
export class Visitor {
  readonly cookies = new Map<string, string>();
  readonly trpc;

  constructor(
    readonly url: string,
    readonly bearer?: string,
  ) {
    this.trpc = createTRPCClient<AppRouter>({
      links: [
        httpLink({ url: `${url}/trpc`, fetch: (input, init) => this.fetch(String(input), init) }),
      ],
    });
  }

  /** The typed client acting in an organization: every call carries `x-warden-scope`. */
  within(scope: string) {
    return createTRPCClient<AppRouter>({
      links: [
        httpLink({
          url: `${this.url}/trpc`,
          headers: { 'x-warden-scope': scope },
          fetch: (input, init) => this.fetch(String(input), init),
        }),
      ],
    });
  }

  async fetch(input: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.bearer) headers.set('authorization', `Bearer ${this.bearer}`);
    if (this.cookies.size > 0)
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    if ((init.method ?? 'GET') !== 'GET' && !this.bearer) {
      headers.set('origin', this.url);
      const csrf = this.cookies.get('csrftoken');
      if (csrf) headers.set('x-csrftoken', csrf);
    }
    const res = await fetch(input, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  async login(username: string, password: string): Promise<this> {
    await this.fetch(`${this.url}/auth/csrf`);
    const res = await this.fetch(`${this.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200)
      throw new Error(`login of ${username} failed: ${res.status} ${await res.text()}`);
    return this;
  }
}

/** The tRPC error code of a call, or 'OK'. */
/** The denial a refused call carries as data (`error.data.denial`), as a typed client reads it. */
export async function denialOf(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    if (isApiError(error)) return error.data?.denial ?? null;
    throw error;
  }
  throw new Error('the call passed');
}

const isApiError = (error: unknown): error is TRPCClientError<AppRouter> =>
  error instanceof TRPCClientError;

export async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'OK';
  } catch (error) {
    if (error instanceof TRPCClientError) return String(error.data?.code ?? error.message);
    throw error;
  }
}
