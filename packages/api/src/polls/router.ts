import { TRPCError } from '@trpc/server';
import type { AnyPgDatabase } from '@warden/authz';
import { asc, count, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { guarded, id, idInput, offsetOf, pageInput, perms, router, text } from '../trpc.js';
import { choice, pollOption, question, vote } from './tables.js';

// DjangoModelPermissions per model: queries need view_<model>, each mutation states its action.
const onQuestion = (mutation: 'add' | 'change' | 'delete') =>
  perms.modelPermissions(question, { mutation });
const pollText = text(200).trim().min(1);

async function questionOr404(db: AnyPgDatabase, id: number) {
  const [row] = await db.select().from(question).where(eq(question.id, id));
  if (row === undefined)
    throw new TRPCError({ code: 'NOT_FOUND', message: `question ${id} does not exist` });
  return row;
}

export const pollsRouter = router({
  questions: router({
    list: guarded(onQuestion('add'))
      .input(pageInput)
      .query(async ({ ctx, input }) => {
        const [total] = await ctx.db.select({ n: count() }).from(question);
        const items = await ctx.db
          .select()
          .from(question)
          .orderBy(asc(question.id))
          .limit(input.pageSize)
          .offset(offsetOf(input));
        return { items, total: total?.n ?? 0, ...input };
      }),

    get: guarded(onQuestion('change'))
      .input(idInput)
      .query(async ({ ctx, input }) => {
        const row = await questionOr404(ctx.db, input.id);
        const choices = await ctx.db
          .select()
          .from(choice)
          .where(eq(choice.questionId, row.id))
          .orderBy(asc(choice.id));
        const options = await ctx.db
          .select()
          .from(pollOption)
          .where(eq(pollOption.questionId, row.id))
          .orderBy(asc(pollOption.id));
        return { ...row, choices, options };
      }),

    create: guarded(onQuestion('add'))
      .input(z.object({ questionText: pollText, choices: z.array(pollText).max(20).default([]) }))
      .mutation(({ ctx, input }) =>
        ctx.db.transaction(async (tx) => {
          const [row] = await tx
            .insert(question)
            .values({ questionText: input.questionText })
            .returning();
          if (row === undefined) throw new Error('insert returned no row');
          if (input.choices.length > 0) {
            await tx
              .insert(choice)
              .values(input.choices.map((choiceText) => ({ questionId: row.id, choiceText })));
          }
          return row;
        }),
      ),

    update: guarded(onQuestion('change'))
      .input(z.object({ id, questionText: pollText }))
      .mutation(async ({ ctx, input }) => {
        const [row] = await ctx.db
          .update(question)
          .set({ questionText: input.questionText })
          .where(eq(question.id, input.id))
          .returning();
        if (row === undefined)
          throw new TRPCError({
            code: 'NOT_FOUND',
            message: `question ${input.id} does not exist`,
          });
        return row;
      }),

    delete: guarded(onQuestion('delete'))
      .input(idInput)
      .mutation(async ({ ctx, input }) => {
        const gone = await ctx.db
          .delete(question)
          .where(eq(question.id, input.id))
          .returning({ id: question.id });
        if (gone.length === 0)
          throw new TRPCError({
            code: 'NOT_FOUND',
            message: `question ${input.id} does not exist`,
          });
        return { id: input.id };
      }),
  }),

  choices: router({
    create: guarded(perms.modelPermissions(choice, { mutation: 'add' }))
      .input(z.object({ questionId: id, choiceText: pollText }))
      .mutation(async ({ ctx, input }) => {
        await questionOr404(ctx.db, input.questionId);
        const [row] = await ctx.db.insert(choice).values(input).returning();
        return row;
      }),
    delete: guarded(perms.modelPermissions(choice, { mutation: 'delete' }))
      .input(idInput)
      .mutation(async ({ ctx, input }) => {
        const gone = await ctx.db
          .delete(choice)
          .where(eq(choice.id, input.id))
          .returning({ id: choice.id });
        if (gone.length === 0)
          throw new TRPCError({ code: 'NOT_FOUND', message: `choice ${input.id} does not exist` });
        return { id: input.id };
      }),
  }),

  /** The CamelCase table: its codenames are polls.view_polloption, polls.add_polloption, … */
  options: router({
    create: guarded(perms.modelPermissions(pollOption, { mutation: 'add' }))
      .input(z.object({ questionId: id, label: pollText }))
      .mutation(async ({ ctx, input }) => {
        await questionOr404(ctx.db, input.questionId);
        const [row] = await ctx.db.insert(pollOption).values(input).returning();
        return row;
      }),
  }),

  /** Django's `permission_required('polls.can_vote')`; one vote per user and question. */
  vote: guarded(perms.permissionRequired('polls.can_vote'))
    .input(z.object({ choiceId: id }))
    .mutation(({ ctx, input }) =>
      ctx.db.transaction(async (tx) => {
        const [picked] = await tx.select().from(choice).where(eq(choice.id, input.choiceId));
        if (picked === undefined)
          throw new TRPCError({
            code: 'NOT_FOUND',
            message: `choice ${input.choiceId} does not exist`,
          });
        const inserted = await tx
          .insert(vote)
          .values({ userId: ctx.user.id, questionId: picked.questionId, choiceId: picked.id })
          .onConflictDoNothing()
          .returning({ id: vote.id });
        if (inserted.length === 0)
          throw new TRPCError({
            code: 'CONFLICT',
            message: 'you have already voted on this question',
          });
        const [updated] = await tx
          .update(choice)
          .set({ votes: sql`${choice.votes} + 1` })
          .where(eq(choice.id, picked.id))
          .returning();
        return updated;
      }),
    ),
});
