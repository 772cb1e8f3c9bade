import { describe, expect, it } from 'vitest';
import { EnvError, readDbEnv, redactUrl } from './env.js';

describe('readDbEnv', () => {
  it('defaults to PGlite under .data/ with a pool of one', () => {
    expect(readDbEnv({})).toEqual({ PGLITE_DIR: '.data/pglite', DATABASE_POOL_MAX: 1 });
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(readDbEnv({ DATABASE_URL: '  ' }).DATABASE_URL).toBeUndefined();
  });

  it('accepts postgres:// and postgresql:// URLs', () => {
    for (const url of ['postgres://u@localhost/db', 'postgresql://u:p@db.example:6543/app']) {
      expect(readDbEnv({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    }
  });

  it.each([['mysql://root@localhost/db'], ['not a url'], ['postgres://']])(
    'rejects DATABASE_URL=%s with an error naming the variable',
    (url) => {
      const error = catchError(() => readDbEnv({ DATABASE_URL: url }));
      expect(error).toBeInstanceOf(EnvError);
      expect(error.message).toMatch(
        /^Invalid environment:\n {2}- DATABASE_URL: must be a postgres/,
      );
    },
  );

  it('never prints the password of a bad URL', () => {
    const error = catchError(() => readDbEnv({ DATABASE_URL: 'mysql://admin:s3cret@db/x' }));
    expect(error.message).not.toContain('s3cret');
    expect(error.message).toContain('mysql://admin:***@db/x');
  });

  it('lists every bad variable at once', () => {
    const error = catchError(() =>
      readDbEnv({ DATABASE_URL: 'http://x', DATABASE_POOL_MAX: 'lots' }),
    ) as EnvError;
    expect(error.issues).toHaveLength(2);
    expect(error.message).toContain(
      'DATABASE_POOL_MAX: must be an integer between 1 and 100 (got "lots")',
    );
  });

  it('reads DATABASE_PREPARE as auto, on or off, and names anything else', () => {
    for (const value of ['auto', 'on', 'off'] as const)
      expect(readDbEnv({ DATABASE_PREPARE: value }).DATABASE_PREPARE).toBe(value);
    expect(catchError(() => readDbEnv({ DATABASE_PREPARE: 'false' })).message).toContain(
      'DATABASE_PREPARE: must be auto, on or off (got "false")',
    );
  });

  it('redacts only the password', () => {
    expect(redactUrl('postgres://u:pw@h:5432/d')).toBe('postgres://u:***@h:5432/d');
    expect(redactUrl('postgres://u@h/d')).toBe('postgres://u@h/d');
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}
