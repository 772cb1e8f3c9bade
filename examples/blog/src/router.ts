import { initTRPC, TRPCError } from '@trpc/server';
import type { SessionUser } from '@warden/auth';
import { createGuards } from '@warden/auth/trpc';
import type { AnyPgDatabase } from '@warden/authz';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { registry } from './registry.js';
import { post } from './schema.js';

// The context carries the request's user (from @warden/auth), or null for anonymous.
export type Context = { user: SessionUser | null };

export function makeRouter(db: AnyPgDatabase) {
  // The guard and the classes, typed by the registry; after a guard, ctx.user is a SessionUser.
  const { protect, perms, authz, errorFormatter } = createGuards({ db, registry });
  // errorFormatter: a refusal's reason and the codenames it needs reach the client as data.
  const t = initTRPC.context<Context>().create({ errorFormatter });
  // DRF's DjangoModelPermissions: queries need blog.view_post, this mutation blog.add_post.
  const posts = perms.modelPermissions(post, { mutation: 'add' });
  // django-guardian's object permissions: blog.change_post on that post (or on every post).
  const editPost = perms.objectPermissions(post, { mutation: 'change' });

  return t.router({
    // What the client shows: the user's codenames (it offers only what the server will allow).
    me: t.procedure.use(protect(perms.isAuthenticated)).query(async ({ ctx }) => ({
      username: ctx.user.username,
      permissions: [...(await authz.getAllPermissions(ctx.user))],
    })),

    posts: t.router({
      list: t.procedure.use(protect(posts)).query(() => db.select().from(post).orderBy(asc(post.id))),

      create: t.procedure
        .use(protect(posts))
        .input(z.object({ title: z.string().trim().min(1).max(200), body: z.string().max(10_000) }))
        .mutation(async ({ ctx, input }) => {
          const [row] = await db
            .insert(post)
            .values({ ...input, authorId: ctx.user.id }) // ctx.user is non-null after the guard
            .returning();
          return row;
        }),

      rename: t.procedure
        .use(protect(editPost))
        .input(
          z.object({ id: z.number().int().positive(), title: z.string().trim().min(1).max(200) }),
        )
        .mutation(async ({ ctx, input }) => {
          const [row] = await db.select().from(post).where(eq(post.id, input.id));
          if (row === undefined)
            throw new TRPCError({ code: 'NOT_FOUND', message: 'no such post' });
          await ctx.checkObject(row); // FORBIDDEN unless the user may change this post
          const [renamed] = await db
            .update(post)
            .set({ title: input.title })
            .where(eq(post.id, input.id))
            .returning();
          return renamed;
        }),
    }),
  });
}

export type AppRouter = ReturnType<typeof makeRouter>;
