import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { migrations, registry, schema, seedDemo } from '@warden/api';
import { applyMigrations, syncPermissions } from '@warden/authz';
import { createDb } from '@warden/db';
import { createApp } from '@warden/server';

/** The built app (`pnpm --filter @warden/web build`; turbo runs it before these tests). */
export const webDist = fileURLToPath(new URL('../dist', import.meta.url));

/**
 * The real server, in this process, on a fresh PGlite database in a temp dir: migrations, the
 * permission sync and the demo data exactly as `pnpm start` does at first start, then the same
 * `createApp` serving the built web app. The clock can be moved forward to expire sessions.
 */
export async function startServer() {
  const dir = await mkdtemp(join(tmpdir(), 'warden-e2e-'));
  const handle = await createDb({ schema, connection: { dataDir: dir } });
  await applyMigrations(handle.db, migrations);
  await syncPermissions(handle.db, registry);
  const logins = await seedDemo(handle.db);
  if (logins === null) throw new Error('the fresh database already had users');
  let skewMs = 0;
  const app = createApp({
    db: handle,
    web: { root: webDist },
    auth: { clock: () => new Date(Date.now() + skewMs) },
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const address = server.address();
  const port =
    typeof address === 'object' && address !== null ? (address satisfies AddressInfo).port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    db: handle.db,
    /** Every session older than the inactivity timeout from now on (7 days). */
    skipDays(days: number) {
      skewMs = days * 86_400_000;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await handle.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
