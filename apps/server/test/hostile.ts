import { schema } from '@warden/api';
import type { Database } from '@warden/db';
import { getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import fc from 'fast-check';
import { expect } from 'vitest';

// What the hostile-input tests (`hostile-input.test.ts` for tRPC, `hostile-routes.test.ts` for the
// Hono routes) throw at the server, and what they check after each call.

export const INT4_MAX = 2_147_483_647;

/** How long and from where: `HOSTILE_RUNS=2000 HOSTILE_SEED=… pnpm --filter @warden/server test`. */
export const hostileRuns = (runs: number) => ({
  numRuns: Number(process.env.HOSTILE_RUNS ?? runs),
  seed: Number(process.env.HOSTILE_SEED ?? 20261129),
});

export const hostileString = fc.oneof(
  fc.constantFrom(
    "'; drop table auth_user; --",
    '1 or 1=1',
    'a\u0000b',
    '\u0000',
    '\ud800',
    'x\udfffy',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    ' 4',
    '',
    'x\nsecurity: 1 FORGED',
  ),
  fc.constant('x'.repeat(1_048_576)),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

export const hostileNumber = fc.oneof(
  fc.constantFrom(INT4_MAX + 1, -1, 0, 1.5, -INT4_MAX - 2, 2 ** 53, 1e308),
  fc.integer({ min: INT4_MAX + 1, max: Number.MAX_SAFE_INTEGER }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value, built of hostile strings and numbers, with `fields` (and `__proto__`) as keys. */
export function hostileValue(fields: readonly string[]): fc.Arbitrary<unknown> {
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      hostileString,
      hostileNumber,
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom(...fields, '__proto__', 'constructor'), tie('value'), {
        maxKeys: 4,
      }),
    ),
  }));
  return value;
}

/** A request body for an input with `fields`: an object of hostile values, any value, or junk. */
export function hostileBody(fields: readonly string[], all: readonly string[]) {
  const value = hostileValue(all);
  return fc.oneof(
    fc
      .dictionary(fc.constantFrom(...fields, '__proto__'), value, { minKeys: 1, maxKeys: 4 })
      .map((input) => JSON.stringify(input).replace('"___proto__"', '"__proto__"')),
    value.map((input) => JSON.stringify(input) ?? 'null'),
    fc.constantFrom('{"__proto__":{"isSuperuser":true},"id":1}', '{', 'null', '[]'),
  );
}

/**
 * A digest of every table's contents: equal before and after a refused call. `except` names
 * tables a refusal writes on purpose (the login throttle counts a failed login before it answers).
 */
export async function digest(db: Database, except: readonly string[] = []): Promise<string> {
  const parts: string[] = [];
  for (const table of Object.values(schema)) {
    if (!is(table, PgTable) || except.includes(getTableName(table))) continue;
    // A table's name as a value is its whole row: `md5(string_agg(auth_user::text …))`.
    const row = sql.identifier(getTableName(table));
    const [one] = await db
      .select({
        d: sql<string>`md5(coalesce(string_agg(${row}::text, ',' order by ${row}::text), ''))`,
      })
      .from(table);
    parts.push(`${getTableName(table)}:${one?.d ?? ''}`);
  }
  return parts.join(' ');
}

/**
 * Sends a hostile request; `undefined` when a body past the limit had its connection closed under
 * it (the server answers 413 and closes while the client is still sending, so fetch may report the
 * closed socket instead). A small request can land on a pooled socket such a 413 closed;
 * consecutive 413s close several (fetch retries none of them for a POST), so it is sent again, up
 * to ten times.
 */
export async function sendHostile(
  send: () => Promise<Response>,
  body: { length: number; limit: number },
  what: string,
): Promise<Response | undefined> {
  try {
    return await send();
  } catch (error) {
    if (body.length > body.limit) return undefined;
    let last: unknown = error;
    for (let attempt = 0; attempt < 10; attempt++) {
      const retried = await send().catch((again: unknown) => {
        last = again;
        return undefined;
      });
      if (retried !== undefined) return retried;
    }
    throw new Error(`${what}: ${String(last)}`, { cause: error });
  }
}

/**
 * Percent-encodes any string, lone surrogates included (`encodeURIComponent` throws on those): as
 * UTF-8, which writes a lone surrogate as U+FFFD, as a browser does.
 */
export function percentEncode(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/** No 5xx, nothing of SQL, stacks or paths in the body; returns the body. */
export async function expectNoLeak(res: Response, what: string): Promise<string> {
  const text = await res.text();
  expect(res.status, `${what}: ${text.slice(0, 300)}`).toBeLessThan(500);
  expect(text).not.toMatch(/Failed query|at async|node_modules|\/work\//);
  return text;
}
