// Wrong codenames, one per message, with no @ts-expect-error: src/codename-arg.test.ts runs tsc on
// this folder and reads what it prints. Excluded from `pnpm typecheck` (it must not compile).
import { authz, type Codename, classes, grants, held, me, question, registry } from '../fixture.js';

void authz.hasPerm(me, 'polls.can_add');
void authz.hasPerms(me, ['polls.add_question', 'polls.can_view']);
void authz.explain(me, 'polls.add_Question');
void authz.objectsFor(me, 'polls.add_polls_question', question);
void grants.grant({ user: 1 }, 'polls.add_questions');
void grants.revoke({ user: 1 }, 'polls.publish_question');
registry.get('shop.can_vote');
registry.modelFor('pols.add_question');
registry.codename('polls', 'add', 'questions');
classes.permissionRequired('add_question');
classes.modelPermissions(question, { mutation: 'view' });
classes.objectPermissions(question, { mutation: 'publish' });
held.can('blog.add_post');
held.canAny('polls.frob');
export const held1: Codename = 'polls.can_add';
