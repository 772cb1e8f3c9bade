import { integer, pgSchema, pgTable, text } from 'drizzle-orm/pg-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { UnknownCodenameError } from './codenames.js';
import { defineModels } from './registry.js';

const question = pgTable('polls_question', { id: integer('id').primaryKey(), text: text('text') });
const choice = pgTable('polls_choice', { id: integer('id').primaryKey() });
const pollOption = pgTable('PollOption', { id: integer('id').primaryKey() });
const product = pgTable('shop_product', { id: integer('id').primaryKey() });
// Two apps with a model of the same name stay distinct.
const shopChoice = pgSchema('shop').table('shop_choice', { id: integer('id').primaryKey() });

const registry = defineModels(
  { polls: { question, choice, pollOption }, shop: { product, choice: shopChoice } },
  { permissions: { 'polls.question': { can_vote: 'Can vote' } } },
);
type Codename = typeof registry.$codename;

describe('Codename type', () => {
  it('is exactly the union of valid strings', () => {
    expectTypeOf<Codename>().toEqualTypeOf<
      | 'polls.view_question'
      | 'polls.add_question'
      | 'polls.change_question'
      | 'polls.delete_question'
      | 'polls.view_choice'
      | 'polls.add_choice'
      | 'polls.change_choice'
      | 'polls.delete_choice'
      | 'polls.view_polloption'
      | 'polls.add_polloption'
      | 'polls.change_polloption'
      | 'polls.delete_polloption'
      | 'polls.can_vote'
      | 'shop.view_product'
      | 'shop.add_product'
      | 'shop.change_product'
      | 'shop.delete_product'
      | 'shop.view_choice'
      | 'shop.add_choice'
      | 'shop.change_choice'
      | 'shop.delete_choice'
    >();
    // No widening to string: autocompletion lists the literals.
    expectTypeOf<string>().not.toExtend<Codename>();
  });

  it('rejects the wrong forms of the seed at compile time', () => {
    const accept = (c: Codename) => c;
    accept('polls.add_choice');
    accept('polls.can_vote');
    accept('shop.view_choice');
    // @ts-expect-error Django docs' <model>.can_<action> form does not exist
    accept('polls.can_add');
    // @ts-expect-error nor does can_view
    accept('polls.can_view');
    // @ts-expect-error model names are lower-case
    accept('polls.add_Question');
    // @ts-expect-error the SQL name's app prefix is not part of the model name
    accept('polls.add_polls_question');
    // @ts-expect-error custom permissions belong to their app only
    accept('shop.can_vote');
    expect(true).toBe(true);
  });

  it('builds codenames from parts and tables, type-checked', () => {
    expectTypeOf(
      registry.codename('polls', 'add', 'question'),
    ).toEqualTypeOf<'polls.add_question'>();
    expectTypeOf(registry.codenameFor(pollOption, 'view')).toEqualTypeOf<'polls.view_polloption'>();
    expectTypeOf(registry.codenameFor(shopChoice, 'delete')).toEqualTypeOf<'shop.delete_choice'>();
    const stray = pgTable('polls_stray', { id: integer('id').primaryKey() });
    // @ts-expect-error a table that was never registered has no codenames
    expect(() => registry.codenameFor(stray, 'view')).toThrow(/not registered/);
    // The run time refuses what the types refuse.
    // @ts-expect-error no model 'questions'
    expect(() => registry.codename('polls', 'add', 'questions')).toThrow(UnknownCodenameError);
    // @ts-expect-error 'publish' is no default action
    expect(() => registry.codename('polls', 'publish', 'question')).toThrow(UnknownCodenameError);
    expect(registry.codename('polls', 'add', 'question')).toBe('polls.add_question');
    expect(registry.codenameFor(pollOption, 'view')).toBe('polls.view_polloption');
    expect(registry.codenameFor(shopChoice, 'delete')).toBe('shop.delete_choice');
  });
});

describe('codenameFor across pg schemas', () => {
  // The same SQL name in two schemas is two tables: each gives its own app's codename.
  const archived = pgSchema('archive').table('polls_question', { id: integer('id').primaryKey() });
  // One app whose tables are in two schemas: a name and a schema of it are not yet one table.
  const first = pgSchema('one').table('mixed_first', { id: integer('id').primaryKey() });
  const second = pgSchema('two').table('mixed_second', { id: integer('id').primaryKey() });
  const misplaced = pgSchema('one').table('mixed_second', { id: integer('id').primaryKey() });
  const schemas = defineModels({
    polls: { question },
    archive: { question: archived },
    mixed: { first, second },
  });

  it('finds the table by its name and schema', () => {
    expectTypeOf(schemas.codenameFor(question, 'view')).toEqualTypeOf<'polls.view_question'>();
    expectTypeOf(
      schemas.codenameFor(archived, 'add'),
    ).toEqualTypeOf<'archive.add_polls_question'>();
    expectTypeOf(schemas.codenameFor(second, 'change')).toEqualTypeOf<'mixed.change_second'>();
    // A registered name in another schema of the same app is no registered table.
    expectTypeOf(() => schemas.codenameFor(misplaced, 'view')).returns.toEqualTypeOf<never>();
    expect(schemas.codenameFor(archived, 'add')).toBe('archive.add_polls_question');
    expect(() => schemas.codenameFor(misplaced, 'view')).toThrow(/not registered/);
  });
});

describe('registry at run time', () => {
  it('lists every permission with Django’s human names', () => {
    expect(registry.permissions.map((p) => [p.codename, p.name]).slice(0, 5)).toEqual([
      ['polls.view_question', 'Can view question'],
      ['polls.add_question', 'Can add question'],
      ['polls.change_question', 'Can change question'],
      ['polls.delete_question', 'Can delete question'],
      ['polls.can_vote', 'Can vote'],
    ]);
    expect(registry.permissions).toHaveLength(21);
  });

  it('derives model names as the types do', () => {
    expect(registry.models.map((m) => `${m.appLabel}.${m.model}`)).toEqual([
      'polls.question',
      'polls.choice',
      'polls.polloption',
      'shop.product',
      'shop.choice',
    ]);
  });

  it('parses a codename', () => {
    expect(registry.get('polls.can_vote')).toMatchObject({
      appLabel: 'polls',
      model: 'question',
      action: 'can_vote',
      localCodename: 'can_vote',
      custom: true,
    });
    expect(registry.get('shop.change_product')).toMatchObject({
      appLabel: 'shop',
      model: 'product',
      action: 'change',
      localCodename: 'change_product',
    });
  });

  it('guards strings from outside', () => {
    expect(registry.isCodename('polls.add_choice')).toBe(true);
    for (const wrong of ['polls.can_add', 'polls.add_Question', '', 'polls', 42, null]) {
      expect(registry.isCodename(wrong)).toBe(false);
    }
  });

  it.each([
    ['polls.can_add', ['polls.add_question', 'polls.add_choice', 'polls.add_polloption']],
    ['polls.can_view', ['polls.view_question', 'polls.view_choice', 'polls.view_polloption']],
    ['polls.add_Question', ['polls.add_question']],
    ['polls.add_questoin', ['polls.add_question']],
  ])('rejects %s naming the nearest valid codenames', (wrong, nearest) => {
    expect(() => registry.toCodename(wrong)).toThrow(UnknownCodenameError);
    try {
      registry.toCodename(wrong);
    } catch (error) {
      const e = error as UnknownCodenameError;
      expect(e.suggestions.slice(0, nearest.length)).toEqual(nearest);
      expect(e.message).toContain(
        `unknown permission codename '${wrong}'; did you mean '${nearest[0]}'`,
      );
    }
  });

  it('refuses ambiguous or invalid declarations', () => {
    const other = pgTable('question', { id: integer('id') });
    expect(() => defineModels({ polls: { question, other } })).toThrow(
      /two tables named 'question'/,
    );
    expect(() => defineModels({ Polls: { question } })).toThrow(/app label 'Polls'/);
    expect(() =>
      defineModels(
        { polls: { question, choice } },
        // @ts-expect-error 'polls.answer' is no registered model
        { permissions: { 'polls.answer': { can_vote: 'Can vote' } } },
      ),
    ).toThrow(/no registered model/);
    expect(() =>
      defineModels(
        { polls: { question, choice } },
        { permissions: { 'polls.question': { can_vote: 'x' }, 'polls.choice': { can_vote: 'y' } } },
      ),
    ).toThrow(/'polls.can_vote' is declared twice/);
    expect(() =>
      defineModels(
        { polls: { question } },
        { permissions: { 'polls.question': { add_question: 'x' } } },
      ),
    ).toThrow(/declared twice/);
  });
});
