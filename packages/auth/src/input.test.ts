import { describe, expect, it } from 'vitest';
import { apiTokenId, INT4_MAX, objectKeyInput, rowId, storableText } from './input.js';
import { randomString } from './secrets.js';

describe('the shared input schemas', () => {
  it('bound ids to int4', () => {
    for (const ok of [1, 42, INT4_MAX]) expect(rowId.safeParse(ok).success).toBe(true);
    for (const bad of [0, -1, 1.5, INT4_MAX + 1, 2 ** 53, Number.NaN, '1'])
      expect(rowId.safeParse(bad).success).toBe(false);
  });

  it('take text Postgres can store, up to its length', () => {
    const name = storableText(10);
    for (const ok of ['', 'ann', 'Zoë 日本', '🙂🙂', 'x'.repeat(10)])
      expect(name.safeParse(ok).success).toBe(true);
    for (const bad of ['a\u0000b', '\u0000', '\ud800', 'x\udfffy', 'x'.repeat(11)])
      expect(name.safeParse(bad).success).toBe(false);
    expect(name.safeParse('a\u0000').error?.issues[0]?.message).toBe(
      'must be text without NUL characters or unpaired surrogates',
    );
  });

  it('take object keys as they are stored: no spaces, no control characters', () => {
    for (const ok of [0, 4, '4', 'abc-DEF_1', 'ü'])
      expect(objectKeyInput.safeParse(ok).success).toBe(true);
    for (const bad of [' 4', '4 ', '', 'a\u0000b', 'a\nb', -1, 1.5, 'x'.repeat(101)])
      expect(objectKeyInput.safeParse(bad).success).toBe(false);
  });

  it('take API token ids as they are made', () => {
    expect(apiTokenId.safeParse(randomString()).success).toBe(true);
    for (const bad of ['a\u0000b', 'short', `${randomString()}x`, 'ABCDEFGHJKMNPQRSTUVWXYZ2'])
      expect(apiTokenId.safeParse(bad).success).toBe(false);
  });
});
