import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The type tests (type-tests/) show that wrong codenames are errors and what the message types
// are; this shows what a developer reads: tsc run on a file of wrong codenames, its output parsed.
// One tsc run (about 1.5 s alone; the timeout allows for a shared 2-core machine).
const pkg = join(import.meta.dirname, '..');
const tsc = join(pkg, 'node_modules/.bin/tsc');
const project = join(pkg, 'type-tests/wrong-codenames/tsconfig.json');

/** tsc's errors, by line of the fixture. */
function compileFixture(): Map<number, string> {
  const run = spawnSync(tsc, ['-p', project, '--pretty', 'false'], { cwd: pkg, encoding: 'utf8' });
  const byLine = new Map<number, string>();
  for (const line of run.stdout.split('\n')) {
    const match = /fixture\.ts\((\d+),\d+\): error TS\d+: (.*)$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) byLine.set(Number(match[1]), match[2]);
  }
  return byLine;
}

describe('the error tsc prints for a wrong codename', () => {
  it('names the wrong string and valid codenames, and not the tables', { timeout: 180_000 }, () => {
    const errors = compileFixture();
    // [fixture line, the wrong string, what the message offers instead]
    const expected: [number, string, string][] = [
      [5, 'polls.can_add', 'did you mean polls.add_choice | polls.add_question?'],
      [6, 'polls.can_view', 'did you mean polls.view_choice | polls.view_question?'],
      [7, 'polls.add_Question', 'did you mean polls.add_question?'],
      [8, 'polls.add_polls_question', 'did you mean polls.add_question?'],
      [9, 'polls.add_questions', 'did you mean polls.add_question?'],
      [10, 'polls.publish_question', 'polls.add_question | polls.change_question'],
      [11, 'shop.can_vote', 'did you mean polls.can_vote?'],
      [12, 'pols.add_question', 'did you mean polls.add_question?'],
      [13, 'questions', '"choice" | "question"'],
      [14, 'add_question', 'did you mean polls.add_question?'],
      [15, 'view', 'a mutation needs add | change | delete or a codename'],
      [16, 'publish', 'neither add | change | delete nor a permission codename'],
      [17, 'blog.add_post', "there is no app 'blog' (apps: auth | polls)"],
      [18, 'polls.frob', 'polls has: polls.add_choice | polls.add_question | polls.can_vote'],
      // A `Codename`-typed variable: tsc names the union by its members, not the tables.
      [19, 'polls.can_add', '"auth.add_group" | "auth.add_permission"'],
    ];
    expect([...errors.keys()]).toEqual(expected.map(([line]) => line));
    for (const [line, wrong, offered] of expected) {
      const message = errors.get(line) ?? '';
      expect(message).toContain(`'"${wrong}"'`);
      expect(message).toContain(offered);
      expect(message).not.toMatch(/CodenameOf|ModelsOf|PgTableWithColumns/);
    }
  });
});
