import { pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { hash, verify } from '@node-rs/argon2';

const pbkdf2Async = promisify(pbkdf2);

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane), which is also @node-rs/argon2's default.
const ARGON2 = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export interface PasswordCheck {
  ok: boolean;
  /** The stored hash is of an older kind (Django's pbkdf2): store hashPassword(password). */
  needsRehash: boolean;
}

/**
 * Checks a password against an argon2 PHC hash, or a Django `pbkdf2_sha256$<iterations>$<salt>$<b64>`
 * hash so users can be brought over from Django. An empty or unknown hash never matches.
 */
export async function verifyPassword(stored: string, password: string): Promise<PasswordCheck> {
  if (stored.startsWith('$argon2')) {
    try {
      return { ok: await verify(stored, password), needsRehash: false };
    } catch {
      return { ok: false, needsRehash: false };
    }
  }
  const django = /^pbkdf2_sha256\$(\d{1,8})\$([^$]{1,128})\$([A-Za-z0-9+/=]{40,90})$/.exec(stored);
  if (django?.[1] && django[2] && django[3]) {
    const expected = Buffer.from(django[3], 'base64');
    const actual = await pbkdf2Async(
      password,
      django[2],
      Number(django[1]),
      expected.length,
      'sha256',
    );
    const ok = expected.length === actual.length && timingSafeEqual(expected, actual);
    return { ok, needsRehash: ok };
  }
  return { ok: false, needsRehash: false };
}

let dummy: Promise<string> | undefined;

/**
 * Spends what checking a real password costs, for logins with an unknown username, so that the
 * response time does not tell which usernames exist.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword(`dummy-${Math.random()}`);
  await verifyPassword(await dummy, password);
}
