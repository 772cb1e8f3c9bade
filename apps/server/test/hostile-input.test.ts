import { appRouter, seedDemo } from '@warden/api';
import { describeEachBackend } from '@warden/db/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import {
  digest,
  expectNoLeak,
  hostileBody,
  hostileRuns,
  INT4_MAX,
  sendHostile,
} from './hostile.js';
import { codeOf, startServer, Visitor } from './live-server.js';

// Hostile input to every procedure of the example app, over real HTTP as the superuser (who passes
// every guard, so the input reaches the resolvers and the database): out-of-range numbers, NUL,
// unpaired surrogates, SQL fragments, 1 MB strings, `__proto__` keys. Never a 5xx, never a body
// with SQL or a stack, and a refused call writes nothing.

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

/** A call of one procedure: its own fields (and `__proto__`) with hostile values, as JSON text. */
const hostileCall = fc.constantFrom(...procedures).chain((procedure) =>
  fc.record({
    procedure: fc.constant(procedure),
    body: hostileBody(procedure.fields, allFields),
    wrongMethod: fc.boolean(),
  }),
);

describeEachBackend('hostile input to every procedure', (t) => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let admin: Visitor;

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
    // Issue 24 #8: a NUL in an object key reached the database (500), ids above int4 too.
    expect(
      await codeOf(
        admin.trpc.admin.objectGrants.query({ model: 'shop.product', objectId: 'a\u0000b' }),
      ),
    ).toBe('BAD_REQUEST');
    expect(await codeOf(admin.trpc.shop.products.abilities.query({ ids: [INT4_MAX + 1] }))).toBe(
      'BAD_REQUEST',
    );
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
        const before = await digest(t.db);
        const asQuery = (procedure.type === 'query') !== wrongMethod;
        const send = () =>
          asQuery
            ? admin.fetch(`${server.url}/trpc/${procedure.path}?input=${encodeURIComponent(body)}`)
            : admin.fetch(`${server.url}/trpc/${procedure.path}`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body,
              });
        const what = `${procedure.path} ${body.slice(0, 200)}`;
        const res = await sendHostile(send, { length: body.length, limit: 1_048_576 }, what);
        if (res === undefined) {
          expect(await digest(t.db)).toBe(before);
          return;
        }
        await expectNoLeak(res, what);
        if (res.status >= 400) expect(await digest(t.db)).toBe(before);
      }),
      hostileRuns(250),
    );
  });
});
