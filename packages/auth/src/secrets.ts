import { hash, timingSafeEqual } from 'node:crypto';

// Lucia's reference design: human-friendly alphabet (no 0/o, 1/l), 24 characters × 5 bits = 120
// bits of CSPRNG entropy per part.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

export function randomString(length = 24): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte >> 3];
  return out;
}

/**
 * Only this is stored: a hash of the secret part. Node's one-shot SHA-256 (OpenSSL), which a warm
 * request runs once: the pure-JS one it replaced took twice as long.
 */
export function hashSecret(secret: string): Uint8Array {
  return new Uint8Array(hash('sha256', secret, 'buffer'));
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  const hash = hashSecret(secret);
  return hash.length === storedHash.length && timingSafeEqual(hash, storedHash);
}

/** Constant-time comparison of two strings (CSRF tokens). */
export function sameString(a: string, b: string): boolean {
  const encoder = new TextEncoder();
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `<id>.<secret>` with parts of the alphabet only; anything else is no token. */
export function splitToken(token: string, prefix = ''): { id: string; secret: string } | null {
  if (token.length > 200 || !token.startsWith(prefix)) return null;
  const match = /^([a-z2-9]{24})\.([a-z2-9]{24})$/.exec(token.slice(prefix.length));
  return match?.[1] && match[2] ? { id: match[1], secret: match[2] } : null;
}
