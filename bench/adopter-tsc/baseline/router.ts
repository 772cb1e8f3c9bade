import { initTRPC, TRPCError } from '@trpc/server';
import { asc, eq } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { post } from './schema.js';

// examples/blog's router with a hand-written login check instead of Warden's guards.
export type Context = { user: { id: number; username: string } | null };
const t = initTRPC.context<Context>().create();
const authed = t.procedure.use(({ ctx, next }) => {
  if (ctx.user === null) throw new TRPCError({ code: 'UNAUTHORIZED' });
  return next({ ctx: { user: ctx.user } });
});

export function makeRouter(db: PgDatabase<PgQueryResultHKT>) {
  return t.router({
    me: authed.query(({ ctx }) => ({ username: ctx.user.username, permissions: [] as string[] })),
    posts: t.router({
      list: authed.query(() => db.select().from(post).orderBy(asc(post.id))),
      create: authed
        .input(z.object({ title: z.string().trim().min(1).max(200), body: z.string().max(10_000) }))
        .mutation(async ({ ctx, input }) => {
          const [row] = await db
            .insert(post)
            .values({ ...input, authorId: ctx.user.id })
            .returning();
          return row;
        }),
      rename: authed
        .input(
          z.object({ id: z.number().int().positive(), title: z.string().trim().min(1).max(200) }),
        )
        .mutation(async ({ input }) => {
          const [renamed] = await db
            .update(post)
            .set({ title: input.title })
            .where(eq(post.id, input.id))
            .returning();
          if (renamed === undefined) throw new TRPCError({ code: 'NOT_FOUND' });
          return renamed;
        }),
    }),
  });
}
