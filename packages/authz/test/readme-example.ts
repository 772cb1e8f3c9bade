import { initTRPC } from '@trpc/server';
import { type AnyPgDatabase, type AuthUser, createAuthz, defineModels } from '@warden/authz';
import { group, permission, user } from '@warden/authz/schema';
import { createProtect, permissionClasses } from '@warden/authz/trpc';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { z } from 'zod';

// 1. A table of your app (SQL name `polls_question` → model `question`).
export const question = pgTable('polls_question', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  questionText: text('question_text').notNull(),
});

// 2. The models whose permissions exist, and a custom permission.
export const registry = defineModels(
  { auth: { user, group, permission }, polls: { question } },
  { permissions: { 'polls.question': { can_vote: 'Can vote' } } },
);

// 3. Procedures guarded by DRF's classes. Your context carries the request's user (or null).
type Context = { user: AuthUser | null };
const t = initTRPC.context<Context>().create();

export function makeRouter(db: AnyPgDatabase) {
  const protect = createProtect(createAuthz({ db, registry }));
  const p = permissionClasses(registry);
  const onQuestions = p.modelPermissions(question, { mutation: 'add' });

  return t.router({
    // A query: needs polls.view_question.
    questions: t.procedure.use(protect(onQuestions)).query(() => db.select().from(question)),
    // A mutation: needs the action it states, polls.add_question.
    addQuestion: t.procedure
      .use(protect(onQuestions))
      .input(z.object({ questionText: z.string().trim().min(1).max(200) }))
      .mutation(async ({ input }) => (await db.insert(question).values(input).returning())[0]),
    // Django's permission_required('polls.can_vote'); 'polls.can_add' would not compile.
    vote: t.procedure
      .use(protect(p.permissionRequired('polls.can_vote')))
      .mutation(({ ctx }) => `thanks for voting, user ${ctx.user.id}`), // ctx.user: non-null here
  });
}
