import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a real server (Postgres), for fault tests. `cut()` destroys
 * every proxied connection and stops listening, so new connections are refused as if the server
 * were down. `silence()` keeps every connection open and accepts new ones, but passes nothing on in
 * either direction: a network partition that nobody notices. `restore()` ends either (silenced
 * connections are destroyed, their streams have lost bytes) and forwards again on the same port.
 * The shared Postgres itself is never touched: other test suites use it at the same time.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  let mode: 'open' | 'cut' | 'silent' = 'open';
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = net.createServer(function proxyConnection(client) {
    // Accepted just before the cut, announced after it: refused like the rest.
    if (mode === 'cut') {
      client.destroy();
      return;
    }
    track(client);
    if (mode === 'silent') {
      client.resume(); // read and drop
      return;
    }
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    const forward = (to: net.Socket) => (data: Buffer) => {
      if (mode === 'open') to.write(data);
    };
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
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
  const destroyAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port,
    /** The database "goes down": open connections die, new ones are refused. */
    async cut(): Promise<void> {
      mode = 'cut';
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      destroyAll();
      await closed;
    },
    /** The network "goes silent": nothing arrives, nothing is refused, nothing is closed. */
    silence(): void {
      mode = 'silent';
    },
    /** The database "comes back" on the same address. */
    async restore(): Promise<void> {
      if (mode === 'open') return;
      if (mode === 'silent') {
        // Snapshot and switch in one step: a connection accepted after it is forwarded, not lost.
        const stale = [...sockets];
        mode = 'open';
        for (const socket of stale) socket.destroy();
        return;
      }
      await listen(port);
      mode = 'open';
    },
    async close(): Promise<void> {
      destroyAll();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
