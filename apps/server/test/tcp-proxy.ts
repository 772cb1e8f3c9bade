import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a real server (Postgres), for fault tests: `cut()` destroys
 * every proxied connection and stops listening, so new connections are refused as if the server
 * were down; `restore()` listens again on the same port. The shared Postgres itself is never
 * touched: other test suites use it at the same time.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  let up = true;
  const server = net.createServer(function proxyConnection(client) {
    // Accepted just before the cut, announced after it: refused like the rest.
    if (!up) {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    track(client);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        const address = server.address();
        if (address === null || typeof address === 'string') throw new Error('no TCP address');
        resolve(address.port);
      });
    });
  const port = await listen(0);
  return {
    port,
    get up() {
      return up;
    },
    /** The database "goes down": open connections die, new ones are refused. */
    async cut(): Promise<void> {
      up = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    /** The database "comes back" on the same address. */
    async restore(): Promise<void> {
      await listen(port);
      up = true;
    },
    async close(): Promise<void> {
      for (const socket of sockets) socket.destroy();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
