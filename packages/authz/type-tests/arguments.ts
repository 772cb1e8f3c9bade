// Every public place that takes a codename: valid literals compile (and keep their literal type,
// which autocompletion and the object's type depend on), wrong ones are errors, and a `string`
// is treated as before. The wording of the errors is in messages.ts.
import { expectTypeOf } from 'vitest';
import type { CodenameArg } from '../src/codename-arg.js';
import {
  authz,
  type Codename,
  choice,
  classes,
  grants,
  held,
  me,
  question,
  registry,
} from './fixture.js';

type QuestionRow = typeof question.$inferSelect;
type ChoiceRow = typeof choice.$inferSelect;
declare const questionRow: QuestionRow;
declare const choiceRow: ChoiceRow;
declare const someString: string;
declare const someCodename: Codename;

// While an argument is being typed its literal is not known yet (`K` is `string`): the parameter is
// then the codename union, which is what an editor offers as completions.
expectTypeOf<CodenameArg<string, Codename>>().toEqualTypeOf<Codename>();
expectTypeOf(authz.hasPerm<string>)
  .parameter(1)
  .toEqualTypeOf<Codename>();
expectTypeOf(held.can<string>)
  .parameter(0)
  .toEqualTypeOf<Codename>();
// A valid literal is its own type, so `ObjectOf` narrows the object to its model's row.
expectTypeOf<CodenameArg<'polls.add_question', Codename>>().toEqualTypeOf<'polls.add_question'>();

// authz
void authz.hasPerm(me, 'polls.add_question');
void authz.hasPerm(me, 'polls.can_vote', questionRow);
void authz.hasPerm(me, 'polls.change_choice', choiceRow);
void authz.hasPerm(me, someCodename);
// @ts-expect-error Django docs' form of a default permission
void authz.hasPerm(me, 'polls.can_add');
// @ts-expect-error a choice row is no object of polls.question
void authz.hasPerm(me, 'polls.change_question', choiceRow);
// @ts-expect-error a string may be anything: check it with registry.isCodename first
void authz.hasPerm(me, someString);

void authz.hasPerms(me, ['polls.add_question', 'polls.change_question'], questionRow);
void authz.hasPerms(me, [someCodename]);
// @ts-expect-error one wrong codename in the list
void authz.hasPerms(me, ['polls.add_question', 'polls.can_view']);
// @ts-expect-error nor a list of strings
void authz.hasPerms(me, [someString]);

void authz.hasPermOn(me, 'polls.view_choice', { id: 1 });
// @ts-expect-error
void authz.hasPermOn(me, 'polls.view_choices', { id: 1 });

void authz.objectsFor(me, 'polls.view_question', question);
// @ts-expect-error
void authz.objectsFor(me, 'polls.view_questions', question);

void authz.explain(me, 'polls.view_question', 1);
// explain answers an unknown codename from outside (the CLI) with suggestions: strings pass.
void authz.explain(me, someString);
// @ts-expect-error but a literal in code is checked like everywhere else
void authz.explain(me, 'polls.can_view');

const loaded = await authz.load(me);
loaded.has('polls.can_vote');
loaded.hasAll(['polls.can_vote', 'auth.change_user']);
// @ts-expect-error
loaded.has('polls.vote');
// @ts-expect-error
loaded.hasAll(['polls.can_vote', 'auth.change_users']);

// grants
void grants.grant({ user: 1 }, 'polls.change_question', questionRow);
void grants.revoke({ group: { name: 'editors' } }, 'polls.can_vote');
// @ts-expect-error
void grants.grant({ user: 1 }, 'polls.change_Question');
// @ts-expect-error
void grants.as(me).revoke({ user: 1 }, 'question.can_vote');

// registry
expectTypeOf(registry.get('polls.can_vote').codename).toEqualTypeOf<Codename>();
registry.modelFor('auth.view_user');
expectTypeOf(registry.codename('polls', 'add', 'choice')).toEqualTypeOf<'polls.add_choice'>();
// toCodename takes any string: it is how a string from outside becomes a codename.
expectTypeOf(registry.toCodename(someString)).toEqualTypeOf<Codename>();
// @ts-expect-error
registry.get('auth.view_users');
// @ts-expect-error
registry.modelFor('auth.user');
// @ts-expect-error no model 'choices' in polls
registry.codename('polls', 'add', 'choices');

// permission classes
classes.permissionRequired('polls.can_vote');
classes.modelPermissions(question, { mutation: 'add' });
classes.modelPermissions(question, { mutation: 'polls.can_vote', query: 'nothing' });
classes.modelPermissionsOrAnonReadOnly(choice, { mutation: 'delete' });
classes.objectPermissions(question, { mutation: 'change' });
// @ts-expect-error
classes.permissionRequired('polls.vote');
// @ts-expect-error
classes.modelPermissions(question, { mutation: 'view' });
// @ts-expect-error
classes.modelPermissionsOrAnonReadOnly(choice, { mutation: 'remove' });
// @ts-expect-error
classes.objectPermissions(question, { mutation: 'polls.can_change' });

// the client
held.can('polls.can_vote');
held.canAny('polls.can_vote', 'polls.add_question');
// @ts-expect-error
held.can('polls.can_add');
// @ts-expect-error
held.canAny('polls.can_vote', 'poll.add_question');
