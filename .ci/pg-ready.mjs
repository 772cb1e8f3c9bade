// Exit 0 when a Postgres server answers at the given URL (a startup packet gets an answer).
import net from 'node:net';

const url = new URL(process.argv[2] ?? 'postgres://127.0.0.1:5432');
const socket = net.connect({ host: url.hostname, port: Number(url.port || 5432) });
socket.setTimeout(2000);
socket.once('connect', () => {
  socket.end();
  process.exit(0);
});
for (const event of ['error', 'timeout']) socket.once(event, () => process.exit(1));
