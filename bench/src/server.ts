import cluster from 'node:cluster';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { serve } from '@hono/node-server';
import { initTRPC } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { migrations, schema } from '@warden/api';
import { cookieNames, createApiTokens, createSessions } from '@warden/auth';
import { applyMigrations } from '@warden/authz';
import { createDb, type Database, type DbHandle } from '@warden/db';
import { createApp, credentialCacheOf } from '@warden/server';
import { asc, gt, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { seedMember } from './member-seed.js';
import { PRODUCTS, seedBench } from './seed.js';
import { prepareFromEnv } from './start.js';

/** What the runner reads from the server's first stdout line. */
export interface BenchTargets {
  /** The project's app; `/bench/trpc/products` is the same page unprotected, in the same app. */
  app: string;
  /** A bare Hono + tRPC server with no middleware at all, on the same database. */
  bare: string;
  cookie: string;
  bearer: string;
  /** The session of a member of 50 organizations (no global grant), and one of them to act in. */
  memberCookie: string;
  memberScope: string;
  backend: string;
  workers: number;
}

// The page the protected list serves to a reader with a global grant, without authentication,
// permission check or count, from the same kind of input (zod, defaults) and prepared (named) as
// the list's is: what is compared is the protection only.
const pageInput = z
  .object({
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(100).default(PRODUCTS),
  })
  .default({ page: 1, pageSize: PRODUCTS });

function plainRouter(db: Database, name: string) {
  const page = db
    .select()
    .from(schema.product)
    .where(gt(schema.product.id, 0))
    .orderBy(asc(schema.product.id))
    .limit(sql.placeholder('limit'))
    .offset(sql.placeholder('offset'))
    .prepare(name);
  const t = initTRPC.create();
  return t.router({
    products: t.procedure.input(pageInput).query(async ({ input }) => ({
      items: await page.execute({
        limit: input.pageSize,
        offset: (input.page - 1) * input.pageSize,
      }),
      ...input,
    })),
  });
}

function trpcHandler(db: Database, endpoint: string) {
  const router = plainRouter(db, `bench_page${endpoint.replaceAll('/', '_')}`);
  return (req: Request) =>
    fetchRequestHandler({ endpoint, req, router, createContext: () => ({}) });
}

function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<string> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(`http://127.0.0.1:${info.port}`),
    );
    server.on('error', (error) => {
      console.error(error);
      process.exit(1);
    });
  });
}

function openDb() {
  const url = process.env.DATABASE_URL || undefined; // '' (the runner's PGlite run) is unset too
  return createDb({
    schema,
    connection:
      url === undefined
        ? { dataDir: 'memory' }
        : { url, poolMax: Number(process.env.DATABASE_POOL_MAX ?? 1), ...prepareFromEnv() },
  });
}

function isUrls(value: unknown): value is { app: string; bare: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'app' in value &&
    typeof value.app === 'string' &&
    'bare' in value &&
    typeof value.bare === 'string'
  );
}

/** The app under test and the bare server, in this process, on the same pool. */
async function serveBoth(handle: DbHandle): Promise<{ app: string; bare: string }> {
  const app = createApp({
    db: handle,
    ...(process.env.BENCH_CREDENTIAL_CACHE === 'off'
      ? {}
      : { credentialCache: credentialCacheOf(handle) }),
  });
  // Measured warm: the cache serves from the first request (it is off until its heartbeat is back).
  for (let waited = 0; app.auth.cache?.enabled === false; waited += 10) {
    if (waited >= 10_000) throw new Error('the credential cache did not come on within 10 s');
    await sleep(10);
  }
  const unprotected = trpcHandler(handle.db, '/bench/trpc');
  app.get('/bench/trpc/*', (c) => unprotected(c.req.raw));
  // This process's CPU time so far (µs): the runner divides the difference by the requests served,
  // a figure that, unlike req/s, other processes on the machine do not move much.
  app.get('/bench/cpu', (c) => {
    const { user, system } = process.cpuUsage();
    return c.json({ micros: user + system });
  });
  const bare = new Hono();
  const bareHandler = trpcHandler(handle.db, '/trpc');
  bare.get('/trpc/*', (c) => bareHandler(c.req.raw));
  return { app: await listen(app.fetch), bare: await listen(bare.fetch) };
}

// The primary migrates, seeds and makes the credentials; then it serves itself, or with
// BENCH_WORKERS > 1 forks that many node:cluster workers sharing the two sockets.
async function main(): Promise<void> {
  const workers = Number(process.env.BENCH_WORKERS ?? 1);
  if (cluster.isWorker) {
    const urls = await serveBoth(await openDb());
    process.send?.(urls);
    return;
  }
  const handle = await openDb();
  await applyMigrations(handle.db, migrations);
  const userId = await seedBench(handle.db);
  const member = await seedMember(handle.db);
  const sessions = createSessions({ db: handle.db });
  const { token: session } = await sessions.create(userId, 'operator');
  const { token: memberSession } = await sessions.create(member.userId, 'operator');
  const { token: bearer } = await createApiTokens({ db: handle.db }).create(userId, 'operator', {
    name: 'bench',
  });
  const cookieName = cookieNames({ secure: false }).session;
  const credentials = {
    cookie: `${cookieName}=${session}`,
    memberCookie: `${cookieName}=${memberSession}`,
    memberScope: `orgs.organization:${member.orgId}`,
    bearer: `Bearer ${bearer}`,
    backend: handle.backend,
    workers,
  };
  let urls: { app: string; bare: string };
  if (workers <= 1) {
    urls = await serveBoth(handle);
  } else {
    if (handle.backend === 'pglite') throw new Error('BENCH_WORKERS > 1 needs Postgres');
    await handle.close();
    const ready = Array.from({ length: workers }, async () => {
      const [message]: unknown[] = await once(cluster.fork(), 'message');
      if (!isUrls(message)) throw new Error(`a worker said ${JSON.stringify(message)}`);
      return message;
    });
    const [first] = await Promise.all(ready);
    if (first === undefined) throw new Error('no worker');
    urls = first;
  }
  const targets: BenchTargets = { ...urls, ...credentials };
  console.log(JSON.stringify(targets));
  // A clean exit on the runner's SIGTERM, so that --cpu-prof writes its profile.
  process.once('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    process.exit(0);
  });
}

main().catch((error: unknown) => {
  console.error('bench server failed:', error);
  process.exit(1);
});
