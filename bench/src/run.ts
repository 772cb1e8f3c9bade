import { type LoadOptions, type LoadResult, load, medianOf } from './load';
import type { BenchTargets } from './server';
import { databaseUrl, ensureDatabase, startServer } from './start';
import { formatTable } from './table';

// `pnpm bench`: for each backend, start the bench server (bench/src/server.ts) in a child process
// on loopback, load each scenario with autocannon, print one table per backend. Bounded: every
// scenario runs BENCH_SECONDS (default 5) after a one-second warm-up, BENCH_ROUNDS times (3).
const options: LoadOptions = {
  seconds: Number(process.env.BENCH_SECONDS ?? 5),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 32),
};
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const backends = (process.env.BENCH_BACKENDS ?? 'postgres,pglite').split(',');

const LIST_INPUT = encodeURIComponent(JSON.stringify({ page: 1, pageSize: 20 }));

async function scenarios(t: BenchTargets): Promise<LoadResult[]> {
  const list = `${t.app}/trpc/shop.products.list?input=${LIST_INPUT}`;
  // The measured request must be the real one: 20 rows for the bench user, before any load.
  const check = await fetch(list, { headers: { cookie: t.cookie } });
  const body = await check.text();
  if (!check.ok || (body.match(/"priceCents"/g) ?? []).length !== 20) {
    throw new Error(`the protected list did not answer 20 rows: ${check.status} ${body}`);
  }
  const all: Array<[string, string, Record<string, string>]> = [
    ['bare Hono + tRPC', `${t.bare}/trpc/products`, {}],
    ['unprotected', `${t.app}/bench/trpc/products`, {}],
    ['protected, session', list, { cookie: t.cookie }],
    ['protected, API token', list, { authorization: t.bearer }],
  ];
  const wanted = process.env.BENCH_ONLY;
  const chosen = all.filter(([name]) => wanted === undefined || name.includes(wanted));
  // Rounds, each running every scenario once: a machine whose load drifts (other processes)
  // shifts every scenario alike, and each figure is the median of its rounds.
  const runs = new Map<string, LoadResult[]>();
  for (let round = 0; round < rounds; round++) {
    for (const [name, url, headers] of chosen) {
      const result = await load(name, url, headers, options);
      runs.set(name, [...(runs.get(name) ?? []), result]);
    }
  }
  return chosen.map(([name]) => medianOf(name, runs.get(name) ?? []));
}

async function main(): Promise<void> {
  const started = new Date();
  console.log(
    `warden bench ${started.toISOString()}: ${rounds} rounds of ${options.seconds} s × ${options.connections} connections per scenario (medians)`,
  );
  for (const backend of backends) {
    const env: Record<string, string> = {};
    if (backend === 'postgres') {
      const url = await ensureDatabase(databaseUrl);
      if (url === null) continue;
      env.DATABASE_URL = url;
    } else {
      env.DATABASE_URL = '';
    }
    const [child, targets] = await startServer(env);
    try {
      const rows = await scenarios(targets);
      const pool = backend === 'postgres' ? `, pool ${process.env.DATABASE_POOL_MAX ?? 1}` : '';
      const processes = `, ${targets.workers} process${targets.workers > 1 ? 'es' : ''}`;
      const title = `${targets.backend}${pool}${processes}`;
      console.log(`\n${formatTable(title, rows, 'unprotected')}`);
    } finally {
      child.kill('SIGTERM');
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
