import { TRPCClientError } from '@trpc/client';
import { type AppRouter, seedDemo } from '@warden/api';
import { createApiTokens } from '@warden/auth';
import { describeEachBackend } from '@warden/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { run } from '../examples/token-client.js';
import { startServer } from './live-server.js';

describeEachBackend('examples/token-client.ts', (t) => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    await seedDemo(t.db);
    server = await startServer(t.handle);
  });
  afterAll(() => server.close());

  it('lists and creates products as the token’s user', async () => {
    const { token } = await createApiTokens({ db: t.db }).create(2, 'operator', {
      name: 'example',
    }); // editor
    const lines: string[] = [];
    const result = await run(server.url, token, (l) => lines.push(l));
    expect(lines[0]).toBe('authenticated as editor (via token)');
    expect(result.products).toBe(4);
    expect(result.created).toBeTypeOf('number');
  });

  it('is told "no" by the server when the user may not add products', async () => {
    const { token } = await createApiTokens({ db: t.db }).create(3, 'operator', {
      name: 'viewer script',
    }); // viewer
    const lines: string[] = [];
    expect(await run(server.url, token, (l) => lines.push(l))).toEqual({
      products: 5,
      created: null,
    });
    expect(lines.at(-1)).toBe('not allowed to add products');
  });

  it('fails with UNAUTHORIZED on a bad token', async () => {
    const error = await run(server.url, `wdn_${'a'.repeat(24)}.${'b'.repeat(24)}`, () => {}).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<AppRouter>).data?.code).toBe('UNAUTHORIZED');
  });
});
