import type { Context } from 'hono';

/**
 * The peer address of the request's socket on `@hono/node-server`, which hands the handler its
 * `IncomingMessage` as `c.env.incoming`. Read structurally, so this package needs no Node adapter;
 * on other runtimes (or requests made in-process) it is `undefined`, and `createAuth`'s
 * `clientAddress` option supplies the runtime's own (Hono's `getConnInfo` for Bun, Deno, …).
 */
export function socketAddress(c: Context): string | undefined {
  const env: unknown = c.env;
  if (typeof env !== 'object' || env === null || !('incoming' in env)) return undefined;
  const incoming: unknown = env.incoming;
  if (typeof incoming !== 'object' || incoming === null || !('socket' in incoming))
    return undefined;
  const socket: unknown = incoming.socket;
  if (typeof socket !== 'object' || socket === null || !('remoteAddress' in socket))
    return undefined;
  const address: unknown = socket.remoteAddress;
  return typeof address === 'string' && address !== '' ? address : undefined;
}
