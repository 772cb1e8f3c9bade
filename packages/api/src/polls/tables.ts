import { user } from '@warden/authz/schema';
import { index, integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';

// The polls app of Django's tutorial, plus a CamelCase table name on purpose: its model name is
// `polloption` (codenames `polls.add_polloption`, …), as Django lower-cases class names.

export const question = pgTable('polls_question', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  questionText: text('question_text').notNull(),
  pubDate: timestamp('pub_date', { withTimezone: true }).notNull().defaultNow(),
});

export const choice = pgTable(
  'polls_choice',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    questionId: integer('question_id')
      .notNull()
      .references(() => question.id, { onDelete: 'cascade' }),
    choiceText: text('choice_text').notNull(),
    votes: integer('votes').notNull().default(0),
  },
  (t) => [index('polls_choice_question_id_idx').on(t.questionId)],
);

export const pollOption = pgTable(
  'PollOption',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    questionId: integer('question_id')
      .notNull()
      .references(() => question.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
  },
  (t) => [index('poll_option_question_id_idx').on(t.questionId)],
);

/** One vote per user and question: voting twice is refused, not counted. */
export const vote = pgTable(
  'polls_vote',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    questionId: integer('question_id')
      .notNull()
      .references(() => question.id, { onDelete: 'cascade' }),
    choiceId: integer('choice_id')
      .notNull()
      .references(() => choice.id, { onDelete: 'cascade' }),
  },
  (t) => [unique('polls_vote_user_question_key').on(t.userId, t.questionId)],
);
