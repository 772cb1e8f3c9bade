import { initTRPC, TRPCError } from '@trpc/server';
import type { SessionUser } from '@warden/auth';
import { createGuards } from '@warden/auth/trpc';
import type { AnyPgDatabase, Within } from '@warden/authz';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { registry } from './registry.js';
import { organization, post } from './schema.js';

// The context carries the request's user (from @warden/auth), or null for anonymous, and the
// organization it acts in (the x-warden-scope header, read by scopeFromHeader in src/server.ts), or null.
export type Context = { user: SessionUser | null; scope: Within | null };

/** The posts of the active organization only; every post without one. */
const inOrganization = (scope: Within | null) =>
  scope === null ? undefined : eq(post.orgId, Number(scope.key));

export function makeRouter(db: AnyPgDatabase) {
  // The guard and the classes, typed by the registry; after a guard, ctx.user is a SessionUser.
  // In an active organization (ctx.scope), model-level checks count what the user holds there.
  const { protect, perms, authz, errorFormatter } = createGuards({ db, registry });
  // errorFormatter: a refusal's reason and the codenames it needs reach the client as data.
  const t = initTRPC.context<Context>().create({ errorFormatter });
  // DRF's DjangoModelPermissions: queries need blog.view_post, this mutation blog.add_post.
  const posts = perms.modelPermissions(post, { mutation: 'add' });
  // django-guardian's object permissions: blog.change_post on that post (or on every post).
  const editPost = perms.objectPermissions(post, { mutation: 'change' });

  return t.router({
    // What the client shows: the user's codenames (it offers only what the server will allow),
    // those held in the active organization included, and the organizations to act in.
    me: t.procedure.use(protect(perms.isAuthenticated)).query(async ({ ctx }) => ({
      username: ctx.user.username,
      permissions: [...ctx.permissions.all()],
      // [{ scope: 'blog.organization:1', roles: ['Authors'], … }]: `scope` is the header's value.
      organizations: await authz.memberships(ctx.user),
    })),

    organizations: t.router({
      create: t.procedure
        .use(protect(perms.modelPermissions(organization, { mutation: 'add' }))) // blog.add_organization
        .input(z.object({ name: z.string().trim().min(1).max(100) }))
        .mutation(async ({ input }) => {
          const [row] = await db.insert(organization).values(input).returning();
          return row;
        }),
    }),

    posts: t.router({
      // The posts the user may view (global, object and organization grants: one SQL condition),
      // of the active organization if there is one. Without one, blog.view_post must be global;
      // in one, a role there is enough, and ctx.objectsFor keeps the list to its posts.
      list: t.procedure.use(protect(posts)).query(async ({ ctx }) =>
        db
          .select()
          .from(post)
          .where(and(await ctx.objectsFor('blog.view_post'), inOrganization(ctx.scope)))
          .orderBy(asc(post.id)),
      ),

      // In an active organization the guard asks for blog.add_post there (global, or by a grant or
      // role in it), and the post is created in it: creating in an organization needs the add
      // permission in that organization. Without one, the global grant, and no organization.
      create: t.procedure
        .use(protect(posts))
        .input(z.object({ title: z.string().trim().min(1).max(200), body: z.string().max(10_000) }))
        .mutation(async ({ ctx, input }) => {
          const orgId = ctx.scope === null ? null : Number(ctx.scope.key);
          const [row] = await db
            .insert(post)
            .values({ ...input, authorId: ctx.user.id, orgId }) // ctx.user is non-null after the guard
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
          // FORBIDDEN unless the user may change this post (a grant on it, everywhere, or in its
          // organization); NOT_FOUND if they may not even view it (another organization's post).
          await ctx.checkObject(row);
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
