// A script calling the API with an API token through the typed tRPC client: autocompletion and
// type errors for every procedure, input and output, from the AppRouter type alone.
//
//   WARDEN_URL=http://127.0.0.1:3000 WARDEN_TOKEN=wdn_… node --conditions=@warden/source --import tsx examples/token-client.ts
//
// Create the token while logged in (POST /auth/tokens, or auth.tokens.create); it is shown once.
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@warden/api';

export function createApiClient(url: string, token: string) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${url}/trpc`, headers: { authorization: `Bearer ${token}` } })],
  });
}

/** Lists the products the token's user may view and, if allowed, adds one. */
export async function run(url: string, token: string, log: (line: string) => void = console.log) {
  const api = createApiClient(url, token);
  const me = await api.auth.me.query();
  log(`authenticated as ${me.user?.username ?? 'nobody'} (via ${me.via})`);
  const { items } = await api.shop.products.list.query({ page: 1, pageSize: 50 });
  for (const p of items) log(`  #${p.id} ${p.name} ${(p.priceCents / 100).toFixed(2)}`);
  const { 'shop.products.create': mayCreate } = await api.access.canCall.query({
    paths: ['shop.products.create'],
  });
  if (!mayCreate) {
    log('not allowed to add products');
    return { products: items.length, created: null };
  }
  try {
    const created = await api.shop.products.create.mutate({
      name: 'Created by script',
      priceCents: 1234,
    });
    log(`created #${created?.id}`);
    return { products: items.length, created: created?.id ?? null };
  } catch (error) {
    if (error instanceof TRPCClientError) log(`refused: ${error.message}`);
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.WARDEN_URL ?? 'http://127.0.0.1:3000';
  const token = process.env.WARDEN_TOKEN;
  if (!token) {
    console.error('set WARDEN_TOKEN to an API token (POST /auth/tokens while logged in)');
    process.exit(2);
  }
  run(url, token).catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });
}
