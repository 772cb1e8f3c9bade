import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { initTRPC } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { migrationsFolder, schema } from '@warden/api';
import { cookieNames } from '@warden/auth';
import { createDb, type Database } from '@warden/db';
import { createApp } from '@warden/server';
import { asc } from 'drizzle-orm';
import { Hono } from 'hono';
import { PRODUCTS, seedBench } from './seed';

/** What the runner reads from the server's first stdout line. */
export interface BenchTargets {
  /** The project's app; `/bench/trpc/products` is the same page unprotected, in the same app. */
  app: string;
  /** A bare Hono + tRPC server with no middleware at all, on the same database. */
  bare: string;
  cookie: string;
  bearer: string;
  backend: string;
}

// The page the protected list serves, without any permission filter or count.
const page = (db: Database) =>
  db.select().from(schema.product).orderBy(asc(schema.product.id)).limit(PRODUCTS);

function plainRouter(db: Database) {
  const t = initTRPC.create();
  return t.router({ products: t.procedure.query(() => page(db)) });
}

function trpcHandler(db: Database, endpoint: string) {
  const router = plainRouter(db);
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

// One process: the app under test and the bare server, so both see the same pool and machine.
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL || undefined; // '' (the runner's PGlite run) is unset too
  const handle = await createDb({
    schema,
    migrationsFolder,
    connection:
      url === undefined
        ? { dataDir: 'memory' }
        : { url, poolMax: Number(process.env.DATABASE_POOL_MAX ?? 1) },
  });
  await handle.migrate();
  const userId = await seedBench(handle.db);

  const app = createApp({
    db: handle,
    credentialCache: process.env.BENCH_CREDENTIAL_CACHE !== 'off',
  });
  await app.credentialCache?.ready;
  const unprotected = trpcHandler(handle.db, '/bench/trpc');
  app.get('/bench/trpc/*', (c) => unprotected(c.req.raw));
  const { token: session } = await app.auth.sessions.create(userId);
  const { token: bearer } = await app.auth.tokens.create(userId, 'bench');

  const bare = new Hono();
  const bareHandler = trpcHandler(handle.db, '/trpc');
  bare.get('/trpc/*', (c) => bareHandler(c.req.raw));

  const targets: BenchTargets = {
    app: await listen(app.fetch),
    bare: await listen(bare.fetch),
    cookie: `${cookieNames({ secure: false }).session}=${session}`,
    bearer: `Bearer ${bearer}`,
    backend: handle.backend,
  };
  console.log(JSON.stringify(targets));
}

main().catch((error: unknown) => {
  console.error('bench server failed:', error);
  process.exit(1);
});
