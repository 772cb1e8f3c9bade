import { appRouter, schema, seedDemo } from '@warden/api';
import { describeEachBackend } from '@warden/db/testing';
import { getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { codeOf, startServer, Visitor } from './live-server.js';

// Hostile input to every procedure of the example app, over real HTTP as the superuser (who passes
// every guard, so the input reaches the resolvers and the database): out-of-range numbers, NUL,
// unpaired surrogates, SQL fragments, 1 MB strings, `__proto__` keys. Never a 5xx, never a body
// with SQL or a stack, and a refused call writes nothing.

const INT4_MAX = 2_147_483_647;

/** The input field names of a procedure, read from its zod schema. */
function inputFields(procedure: Procedure): string[] {
  const fields: string[] = [];
  for (const input of procedure._def.inputs) {
    if (!(input instanceof z.ZodType)) continue;
    const json = z.toJSONSchema(input, { unrepresentable: 'any', io: 'input' });
    const collect = (node: unknown) => {
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'properties' && typeof value === 'object' && value !== null)
          fields.push(...Object.keys(value));
        collect(value);
      }
    };
    collect(json);
  }
  return [...new Set(fields)];
}

type Procedure = { _def: { type: string; inputs: unknown[] } };
const isProcedure = (value: unknown): value is Procedure =>
  (typeof value === 'function' || typeof value === 'object') &&
  value !== null &&
  '_def' in value &&
  typeof value._def === 'object' &&
  value._def !== null &&
  'inputs' in value._def;
const procedures = Object.entries(appRouter._def.procedures).flatMap(([path, procedure]) =>
  isProcedure(procedure)
    ? [{ path, type: procedure._def.type, fields: inputFields(procedure) }]
    : [],
);
const allFields = [...new Set(procedures.flatMap((p) => p.fields))];

const hostileString = fc.oneof(
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
  ),
  fc.constant('x'.repeat(1_048_576)),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const hostileNumber = fc.oneof(
  fc.constantFrom(INT4_MAX + 1, -1, 0, 1.5, -INT4_MAX - 2, 2 ** 53, 1e308),
  fc.integer({ min: INT4_MAX + 1, max: Number.MAX_SAFE_INTEGER }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const { value: hostileValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...allFields, '__proto__', 'constructor'), tie('value'), {
      maxKeys: 4,
    }),
  ),
}));

/** A JSON body for a procedure: its own fields (and `__proto__`) with hostile values, as text. */
const hostileCall = fc.constantFrom(...procedures).chain((procedure) =>
  fc.record({
    procedure: fc.constant(procedure),
    body: fc.oneof(
      fc
        .dictionary(fc.constantFrom(...procedure.fields, '__proto__'), hostileValue, {
          minKeys: 1,
          maxKeys: 4,
        })
        .map((input) => JSON.stringify(input).replace('"___proto__"', '"__proto__"')),
      hostileValue.map((input) => JSON.stringify(input) ?? 'null'),
      fc.constantFrom('{"__proto__":{"isSuperuser":true},"id":1}', '{', 'null', '[]'),
    ),
    wrongMethod: fc.boolean(),
  }),
);

describeEachBackend('hostile input to every procedure', (t) => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let admin: Visitor;

  /** A digest of every table's contents: equal before and after a refused call. */
  const digest = async () => {
    const parts: string[] = [];
    for (const table of Object.values(schema)) {
      if (!is(table, PgTable)) continue;
      // A table's name as a value is its whole row: `md5(string_agg(auth_user::text …))`.
      const row = sql.identifier(getTableName(table));
      const [one] = await t.db
        .select({
          d: sql<string>`md5(coalesce(string_agg(${row}::text, ',' order by ${row}::text), ''))`,
        })
        .from(table);
      parts.push(`${getTableName(table)}:${one?.d ?? ''}`);
    }
    return parts.join(' ');
  };

  beforeAll(async () => {
    await seedDemo(t.db);
    server = await startServer(t.handle);
    admin = await new Visitor(server.url).login('admin', 'admin-demo-pw');
  });
  afterAll(() => server.close());

  it('answers the cases found by the review with a 400 that names the field', async () => {
    const bad = admin.trpc.shop.products.get.query({ id: INT4_MAX + 1 });
    expect(await codeOf(bad)).toBe('BAD_REQUEST');
    expect(await codeOf(admin.trpc.auth.tokens.create.mutate({ name: 'my\u0000token' }))).toBe(
      'BAD_REQUEST',
    );
    expect(
      await codeOf(admin.trpc.shop.products.create.mutate({ name: 'a\u0000', priceCents: 1 })),
    ).toBe('BAD_REQUEST');
    const raw = await admin.fetch(
      `${server.url}/trpc/shop.products.get?input=${encodeURIComponent('{"id":2147483648}')}`,
    );
    const text = await raw.text();
    expect(raw.status).toBe(400);
    expect(text).not.toMatch(/select|Failed query|params/i);
  });

  it('normalises object keys: " 4" is refused, "04" is stored as 4', async () => {
    const grant = (objectId: string) =>
      admin.trpc.admin.grants.grant.mutate({
        target: { userId: 5 },
        codename: 'shop.view_product',
        objectId,
      });
    expect(await codeOf(grant(' 4'))).toBe('BAD_REQUEST');
    expect(await codeOf(grant('04'))).toBe('OK');
    const owner = await new Visitor(server.url).login('owner', 'owner-demo-pw');
    expect((await owner.trpc.shop.products.get.query({ id: 4 })).id).toBe(4);
    await admin.trpc.admin.grants.revoke.mutate({
      target: { userId: 5 },
      codename: 'shop.view_product',
      objectId: 4,
    });
    expect(await codeOf(owner.trpc.shop.products.get.query({ id: 4 }))).toBe('NOT_FOUND');
  });

  it('never answers 5xx, never leaks, and writes nothing when it refuses', {
    timeout: 180_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(hostileCall, async ({ procedure, body, wrongMethod }) => {
        const before = await digest();
        const asQuery = (procedure.type === 'query') !== wrongMethod;
        const send = () =>
          asQuery
            ? admin.fetch(`${server.url}/trpc/${procedure.path}?input=${encodeURIComponent(body)}`)
            : admin.fetch(`${server.url}/trpc/${procedure.path}`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body,
              });
        let res: Response;
        try {
          res = await send();
        } catch (error) {
          // Past the 1 MiB body limit the server answers 413 and closes the connection while the
          // client is still sending, so fetch may report the closed socket instead of the 413.
          if (body.length > 1_048_576) {
            expect(await digest()).toBe(before);
            return;
          }
          // A small request can land on a pooled socket such a 413 closed; consecutive 413s close
          // several, so send it again, up to three times.
          let retried: Response | undefined;
          let last: unknown = error;
          for (let attempt = 0; attempt < 3 && retried === undefined; attempt++) {
            retried = await send().catch((again: unknown) => {
              last = again;
              return undefined;
            });
          }
          if (retried === undefined)
            throw new Error(`${procedure.path} ${body.slice(0, 200)}: ${String(last)}`, {
              cause: error,
            });
          res = retried;
        }
        const text = await res.text();
        expect(res.status, `${procedure.path} ${body.slice(0, 200)}: ${text}`).toBeLessThan(500);
        expect(text).not.toMatch(/Failed query|at async|node_modules|\/work\//);
        if (res.status >= 400) expect(await digest()).toBe(before);
      }),
      {
        numRuns: Number(process.env.HOSTILE_RUNS ?? 250),
        seed: Number(process.env.HOSTILE_SEED ?? 20261129),
      },
    );
  });
});
