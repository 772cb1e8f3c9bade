import { load } from './load.js';
import { databaseUrl, ensureDatabase, startServer } from './start.js';
import { ms } from './table.js';

// `pnpm --filter @warden/bench soak`: the protected list under sustained load (BENCH_SOAK_SECONDS,
// default 300) in windows of 30 s, printing each window's req/s: a pool whose throughput decays
// (postgres.js 3.4.9's queue before the patch) shows it as a falling column, and as rising server
// CPU per request, which the load of other processes moves far less than req/s. Postgres only.
const total = Number(process.env.BENCH_SOAK_SECONDS ?? 300);
const window = Math.min(30, total);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

async function main(): Promise<void> {
  const database = await ensureDatabase(databaseUrl);
  if (database === null) return;
  const [child, t] = await startServer({ DATABASE_URL: database });
  // BENCH_SOAK_ROUTE=bare: the bare Hono + tRPC route (the highest query rate, where the
  // unpatched queue decayed fastest); default the protected list.
  const bare = process.env.BENCH_SOAK_ROUTE === 'bare';
  const url = bare
    ? `${t.bare}/trpc/products`
    : `${t.app}/trpc/shop.products.list?input=${encodeURIComponent('{}')}`;
  console.log(
    `soak ${new Date().toISOString()}: ${bare ? 'bare route' : 'protected list'}, pool ${process.env.DATABASE_POOL_MAX ?? 1}, ${connections} connections, ${total} s`,
  );
  console.log(
    '| window | req/s | p50 ms | p99 ms | server CPU µs/req | failed |\n|---:|---:|---:|---:|---:|---:|',
  );
  try {
    for (let at = 0; at < total; at += window) {
      const headers: Record<string, string> = bare ? {} : { cookie: t.cookie };
      const options = { seconds: window, connections, warmup: false };
      const r = await load(`${at}–${at + window} s`, url, headers, options, `${t.app}/bench/cpu`);
      const cpu = r.cpu === null ? '–' : Math.round(r.cpu);
      console.log(
        `| ${r.name} | ${Math.round(r.rps)} | ${ms(r.p50)} | ${ms(r.p99)} | ${cpu} | ${r.bad} |`,
      );
    }
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
