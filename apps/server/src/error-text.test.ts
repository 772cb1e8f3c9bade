import { describeEachBackend } from '@warden/db/testing';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { errorText, rootMessage } from './error-text.js';

describeEachBackend('errorText', (t) => {
  it('logs a failed query by its SQL, never its parameters', async () => {
    const secret = 'wrdn_s3cret-token-hash';
    const error = await t.db.execute(sql`select ${secret}::text, 1 / ${0}::int`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    // What console.error(error) printed before: the parameters, secret included.
    expect(String(error)).toContain(secret);
    const text = errorText(error);
    expect(text).toContain('failed query: select $1::text, 1 / $2::int (parameters withheld)');
    expect(text).toContain('division by zero');
    expect(text).toMatch(/^\s+at /m); // the frames still say where
    expect(text).not.toContain(secret);
  });
});

describe('errorText of a message quoting a request', () => {
  it('keeps each error on its own line: a newline in a message is escaped', () => {
    const error = new Error('bad input "x\nsecurity: 1 FORGED"', {
      cause: new Error('y\r\nsecurity: 2 FORGED'),
    });
    const lines = errorText(error).split('\n');
    expect(lines.filter((line) => line.startsWith('security:'))).toEqual([]);
    expect(lines[0]).toBe('Error: bad input "x\\nsecurity: 1 FORGED"');
    expect(lines[1]).toBe('caused by Error: y\\r\\nsecurity: 2 FORGED');
  });
});

describe('rootMessage', () => {
  it("gives the innermost cause's words, with Postgres' hint, on one line", () => {
    const pg = Object.assign(new Error('usernames must be unique\nregardless of case'), {
      hint: 'rename all but one',
    });
    const error = new Error('Failed query: do $$ … $$', { cause: pg });
    expect(rootMessage(error)).toBe(
      'usernames must be unique\\nregardless of case (rename all but one)',
    );
  });

  it('skips a cause that says nothing (an AggregateError of refused connections)', () => {
    const error = new Error('connect failed', { cause: new AggregateError([], '') });
    expect(rootMessage(error)).toBe('connect failed');
  });
});
