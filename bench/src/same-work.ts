import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { schema } from '@warden/api';
import { createDb } from '@warden/db';
import { sameWorkApp } from './same-work-app.js';
import { prepareFromEnv } from './start.js';

// The protected list's work alone (same-work-app.ts) in a process of its own (issue 23, target
// 1): what the whole stack is compared with. Started by the runner after the app's server has
// migrated and seeded the database; prints its URL as JSON on its first line.

const url = process.env.DATABASE_URL;
if (!url) throw new Error('same-work.ts needs DATABASE_URL (Postgres: its own process and pool)');
const handle = await createDb({
  schema,
  connection: {
    url,
    poolMax: Number(process.env.DATABASE_POOL_MAX ?? 1),
    ...prepareFromEnv(),
  },
});
const app = sameWorkApp(handle.db);
// This process's CPU time so far (µs), as the app's server reports its own.
app.get('/cpu', (c) => {
  const { user, system } = process.cpuUsage();
  return c.json({ micros: user + system });
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
  console.log(JSON.stringify({ url: `http://127.0.0.1:${info.port}` })),
);
process.once('SIGTERM', () => {
  server.close();
  process.exit(0);
});
