import { serve } from '@hono/node-server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { drizzle } from 'drizzle-orm/postgres-js';
import { Hono } from 'hono';
import postgres from 'postgres';
import { makeRouter } from './router.js';

const db = drizzle(postgres(process.env.DATABASE_URL ?? ''));
const router = makeRouter(db);
const app = new Hono();
app.all('/trpc/*', (c) =>
  fetchRequestHandler({
    endpoint: '/trpc',
    req: c.req.raw,
    router,
    createContext: () => ({ user: null }),
  }),
);
serve({ fetch: app.fetch, port: 3000 });
