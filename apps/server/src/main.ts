import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { demoLoginLines, migrations, registry, schema, seedDemo } from '@warden/api';
import { applyMigrations, syncPermissions } from '@warden/authz';
import { connectionFromEnv, createDb, EnvError, redactUrl } from '@warden/db';
import { createApp, credentialCacheOf } from './app.js';
import { runWorkers } from './cluster.js';
import { demoSeeding } from './demo-seed.js';
import { allowedHostsOf, readServerEnv, type ServerEnv } from './env.js';
import { errorText, rootMessage } from './error-text.js';
import { assertNotPreSplit } from './pre-split-database.js';
import { stopOnSignals } from './shutdown.js';

/** Opens the database, applies migrations, syncs permissions and (if `seeding` says so) seeds it. */
async function openDatabase(env: ServerEnv, seeding: { seed: boolean }) {
  const handle = await createDb({ schema, connection: connectionFromEnv(env) });
  // Whether statements are prepared (DATABASE_PREPARE), and a pooler where it would break things.
  for (const n of handle.notices) (n.level === 'warn' ? console.warn : console.log)(n.message);
  const where =
    env.DATABASE_URL !== undefined ? redactUrl(env.DATABASE_URL) : `PGlite at ${env.PGLITE_DIR}`;
  try {
    await assertNotPreSplit(handle.db);
    // The one runner, as `warden migrate` runs it: one transaction under its advisory lock.
    await applyMigrations(handle.db, migrations);
  } catch (error) {
    await handle.close().catch(() => {});
    throw new Error(`could not migrate the database (${where}): ${rootMessage(error)}`);
  }
  // As Django's post_migrate signal: the permission rows exist before anyone is granted one.
  // Stale rows are only reported here; deleting them is `manage perms sync --prune`.
  const sync = await syncPermissions(handle.db, registry);
  if (sync.created.length > 0) console.log(`permissions created: ${sync.created.length}`);
  if (sync.stale.length > 0) {
    console.warn(`stale permissions (run 'manage perms sync --prune'): ${sync.stale.join(', ')}`);
  }

  // First start with an empty database: demo users, groups and data, only where it is safe or
  // asked for (demo-seed.ts).
  if (seeding.seed) {
    const logins = await seedDemo(handle.db);
    if (logins !== null) {
      console.log('demo data created; log in as:');
      for (const line of demoLoginLines(logins)) console.log(`  ${line}`);
    }
  }
  return { handle, where };
}

// `pnpm start`: validate the environment, open the database, apply migrations, serve; with
// WEB_CONCURRENCY > 1, the primary prepares the database once and forks that many workers.
async function main(): Promise<void> {
  const env = readServerEnv();
  const hosts = allowedHostsOf(env); // production without them stops here, before the database
  // Whether to seed the demo, decided (and a public host outside production warned about) before
  // the database is opened, so SEED_DEMO=1 in production stops here too. Warned once, not per worker.
  const seeding = demoSeeding(env);
  if (cluster.isPrimary) for (const warning of seeding.warnings) console.warn(warning);
  if (env.WEB_CONCURRENCY > 1 && cluster.isPrimary) {
    if (env.DATABASE_URL === undefined) {
      throw new EnvError([
        `WEB_CONCURRENCY: more than 1 worker needs DATABASE_URL (PGlite is one process) (got ${env.WEB_CONCURRENCY})`,
      ]);
    }
    const { handle } = await openDatabase(env, seeding);
    await handle.close();
    runWorkers(env.WEB_CONCURRENCY);
    return;
  }
  const { handle, where } = await openDatabase(env, seeding);

  // The web app's build (`pnpm start` builds it first, through turbo); without it the API still runs.
  const webRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));
  const web = existsSync(`${webRoot}/index.html`) ? { root: webRoot } : undefined;
  if (web === undefined)
    console.warn(`web app not built (${webRoot}): run 'pnpm --filter @warden/web build'`);
  const app = createApp({
    db: handle,
    allowedHosts: hosts,
    auth: {
      secure: env.NODE_ENV === 'production',
      // The public origin is our own even when a TLS proxy makes the request URL http://…
      trustedOrigins: [
        ...env.TRUSTED_ORIGINS,
        ...(env.PUBLIC_URL === undefined ? [] : [env.PUBLIC_URL]),
      ],
      ...(env.AUTH_BODY_LIMIT === undefined ? {} : { maxBodyBytes: env.AUTH_BODY_LIMIT }),
    },
    trpc: {
      ...(env.TRPC_BODY_LIMIT === undefined ? {} : { maxBodyBytes: env.TRPC_BODY_LIMIT }),
      ...(env.TRPC_BATCH_LIMIT === undefined ? {} : { maxBatchCalls: env.TRPC_BATCH_LIMIT }),
    },
    ...(web ? { web } : {}),
    ...(env.CREDENTIAL_CACHE ? { credentialCache: credentialCacheOf(handle) } : {}),
  });
  // Expired sessions are deleted hourly (and once now); every process may run it, it is idempotent.
  const cleanup = () =>
    app.auth.sessions
      .deleteExpired()
      .catch((error: unknown) => console.error(`session cleanup failed: ${errorText(error)}`));
  void cleanup();
  const cleanupTimer = setInterval(cleanup, 3600_000);
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST });
  server.once('listening', () => {
    const { port } = server.address() as AddressInfo;
    console.log(`listening on http://${env.HOST}:${port} (database: ${where})`);
  });
  server.once('error', (error) => {
    console.error(`could not listen on ${env.HOST}:${env.PORT}: ${error.message}`);
    void handle.close().finally(() => process.exit(1));
  });
  stopOnSignals(server, [
    async () => clearInterval(cleanupTimer),
    // The security events counted since their last log line are written before the process ends.
    async () => app.securityEvents.flush(),
    // The cache's LISTEN connection before the pool it sends its heartbeat through.
    () => app.auth.close(),
    () => handle.close(),
  ]);
}

main().catch((error: unknown) => {
  // A configuration mistake is the operator's to fix: say what, not where in our code.
  console.error(
    error instanceof EnvError ? error.message : `startup failed: ${(error as Error).message}`,
  );
  process.exit(1);
});
