import { readFileSync } from 'node:fs';
import { describeEachBackend } from '@warden/db/testing';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { createGrants } from '../src/grants.js';
import { syncPermissions } from '../src/sync.js';
import { makeRouter, registry } from './readme-example.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const example = readFileSync(new URL('./readme-example.ts', import.meta.url), 'utf8');

it('shows test/readme-example.ts verbatim in the README', () => {
  const block = /<!-- example: test\/readme-example\.ts -->\n```ts\n([\s\S]*?)```/.exec(
    readme,
  )?.[1];
  expect(block).toBe(example);
});

describeEachBackend('the README example', (t) => {
  beforeAll(async () => {
    await t.db.execute(sql`create table polls_question (
      id integer primary key generated always as identity, question_text text not null)`);
    await syncPermissions(t.db, registry, { triggers: 'install' });
    const grants = createGrants({ db: t.db, registry });
    await grants.createUser({ username: 'ann' });
    await grants.createUser({ username: 'bob' });
    await grants.grant({ user: { username: 'ann' } }, 'polls.add_question');
    await grants.grant({ user: { username: 'ann' } }, 'polls.view_question');
    await grants.grant({ user: { username: 'ann' } }, 'polls.can_vote');
  });

  it('runs as documented', async () => {
    const router = makeRouter(t.db);
    const ann = router.createCaller({ user: { id: 1, isActive: true, isSuperuser: false } });
    const bob = router.createCaller({ user: { id: 2, isActive: true, isSuperuser: false } });
    const anonymous = router.createCaller({ user: null });
    expect(await ann.addQuestion({ questionText: 'What’s up?' })).toMatchObject({ id: 1 });
    expect(await ann.questions()).toHaveLength(1);
    expect(await ann.vote()).toBe('thanks for voting, user 1');
    await expect(bob.questions()).rejects.toThrow(
      'permission denied: this query needs polls.view_question',
    );
    await expect(anonymous.vote()).rejects.toThrow(/authentication required/);
  });
});
