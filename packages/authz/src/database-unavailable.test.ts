import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './database-unavailable.js';

const withCode = (code: string, cause?: unknown) =>
  Object.assign(new Error(`failed: ${code}`, { cause }), { code });

describe('isDatabaseUnavailable', () => {
  it('recognises a refused, reset or closed connection, also wrapped as a cause', () => {
    expect(isDatabaseUnavailable(withCode('ECONNREFUSED'))).toBe(true);
    expect(isDatabaseUnavailable(withCode('CONNECTION_CLOSED'))).toBe(true);
    expect(isDatabaseUnavailable(withCode('57P01'))).toBe(true); // admin_shutdown
    expect(isDatabaseUnavailable(withCode('DATABASE_UNAVAILABLE'))).toBe(true); // failing fast
    expect(
      isDatabaseUnavailable(new Error('Failed query', { cause: withCode('ECONNRESET') })),
    ).toBe(true);
  });

  it('leaves failed queries and other errors alone', () => {
    expect(isDatabaseUnavailable(withCode('23505'))).toBe(false); // unique_violation
    expect(isDatabaseUnavailable(withCode('22P02'))).toBe(false); // invalid input syntax
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });

  it('stops at a cycle in the cause chain', () => {
    const a = new Error('a');
    a.cause = new Error('b', { cause: a });
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});
