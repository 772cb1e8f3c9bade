import { describe, expect, it } from 'vitest';
import { logSafe } from './log-safe.js';

describe('logSafe', () => {
  it('writes a newline as an escape, so a request cannot begin a line of its own', () => {
    const forged = logSafe('POST /trpc/x\nsecurity: 1 FORGED');
    expect(forged).toBe('POST /trpc/x\\nsecurity: 1 FORGED');
    expect(forged.split('\n')).toHaveLength(1);
  });

  it('escapes every control character, the line separators and bidirectional overrides', () => {
    expect(logSafe('a\rb\tc\u0000d\u001b[2Je\u007ff\u0085g')).toBe(
      'a\\rb\\tc\\u0000d\\u001b[2Je\\u007ff\\u0085g',
    );
    expect(logSafe('x\u2028y\u2029z')).toBe('x\\u2028y\\u2029z');
    expect(logSafe('ok\u202Egnp.exe')).toBe('ok\\u202egnp.exe');
    expect(logSafe('\u2066a\u2069')).toBe('\\u2066a\\u2069');
  });

  it('doubles a backslash, so a request cannot spell an escape that was not there', () => {
    expect(logSafe('a\\nb')).toBe('a\\\\nb');
  });

  it('keeps ordinary text, non-ASCII letters and emoji as they are', () => {
    const text = 'GET /shop/42 from 127.0.0.1: Zoë 日本 🙂 %0A';
    expect(logSafe(text)).toBe(text);
  });
});
