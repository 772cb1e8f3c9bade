import { z } from 'zod';

// The input schemas every route shares, tRPC's and Hono's alike: what the database can store and
// what a column can hold, checked before any query, so a client's mistake is a 400 that names the
// field and never a 500 from Postgres. They live here, in the published package, because the
// `/auth` routes need them and `@warden/auth` imports nothing of an app; an app's routers (the
// demo's `packages/api`) import them from here instead of keeping their own copies, which drifted:
// `/auth/login` took a NUL in the username that the tRPC routes refused.

/** The largest Postgres `integer` (int4): every id column of Warden's tables and the demo's. */
export const INT4_MAX = 2_147_483_647;

/** A row id: an integer in 1…2,147,483,647. A larger number is a 400, never a query that fails. */
export const rowId = z.number().int().min(1).max(INT4_MAX);

// An unpaired UTF-16 surrogate: not Unicode, so Postgres cannot store it (encoding error, 500).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether Postgres `text` can hold `value`: no NUL, no unpaired surrogate. */
export function isStorableText(value: string): boolean {
  return !value.includes('\0') && !LONE_SURROGATE.test(value);
}

/**
 * Text a person typed, of at most `max` characters, that Postgres can store: well-formed Unicode
 * (no lone surrogates) and no NUL (a NUL reached the database as a 500 before). Chain `.trim()`,
 * `.min(1)` as the field needs.
 */
export const storableText = (max: number) =>
  z.string().max(max).refine(isStorableText, {
    message: 'must be text without NUL characters or unpaired surrogates',
  });

/**
 * An object's primary key for an object grant: a non-negative integer, or text without spaces or
 * control characters (as keys are stored: `4`, not ` 4`; a NUL cannot be stored at all). Named
 * apart from `@warden/authz`'s `objectKey(table, row)`, which reads the key of a row.
 */
export const objectKeyInput = z.union([
  z.string().regex(/^[^\s\p{Cc}]{1,100}$/u, { message: 'an object key without spaces' }),
  z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
]);

/** An API token's id: the public half of `wdn_<id>.<secret>`, 24 letters of the token alphabet. */
export const apiTokenId = z.string().regex(/^[a-z2-9]{24}$/, { message: 'not a token id' });

/** A new username, as Django's validator: 1–150 letters, digits and `@ . + - _`. */
export const usernameInput = z
  .string()
  .trim()
  .min(1)
  .max(150)
  .regex(/^[\w.@+-]+$/, { message: 'letters, digits and @/./+/-/_ only' });

/** An invitation link's token: 43 characters of base64url (32 random bytes). */
export const invitationTokenInput = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, { message: 'not an invitation token' });
