import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  hashSecret,
  randomString,
  sameString,
  secretDigest,
  secretMatches,
  splitToken,
  storedDigest,
} from './secrets.js';

describe('secrets', () => {
  it('stores the SHA-256 of the secret, and matches the digest of the stored bytes', () => {
    const secret = randomString();
    const stored = hashSecret(secret);
    expect(stored).toBeInstanceOf(Uint8Array);
    expect(stored).toEqual(new Uint8Array(createHash('sha256').update(secret).digest()));
    expect(storedDigest(stored)).toBe(secretDigest(secret));
    expect(secretMatches(secret, storedDigest(stored))).toBe(true);
    expect(secretMatches(randomString(), storedDigest(stored))).toBe(false);
  });

  it('reads a stored hash that is a view into a larger buffer (as drivers hand out bytea)', () => {
    const stored = hashSecret('abc');
    const pool = new Uint8Array(100);
    pool.set(stored, 10);
    expect(storedDigest(pool.subarray(10, 42))).toBe(secretDigest('abc'));
  });

  it('compares strings of equal length on every character, and refuses other lengths', () => {
    expect(sameString('abcd', 'abcd')).toBe(true);
    expect(sameString('abcd', 'abce')).toBe(false);
    expect(sameString('xbcd', 'abcd')).toBe(false);
    expect(sameString('abc', 'abcd')).toBe(false);
    expect(sameString('', '')).toBe(true);
  });

  it('splits only well-formed tokens', () => {
    const id = randomString();
    const secret = randomString();
    expect(splitToken(`${id}.${secret}`)).toEqual({ id, secret });
    expect(splitToken(`wt_${id}.${secret}`, 'wt_')).toEqual({ id, secret });
    expect(splitToken(`${id}.${secret}x`)).toBeNull();
    expect(splitToken(`${id.toUpperCase()}.${secret}`)).toBeNull();
  });
});
