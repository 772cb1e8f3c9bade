import postgres from 'postgres';
import { databaseUrl, ensureDatabase } from './start.js';

// `pnpm --filter @warden/bench pool`: postgres.js alone, no HTTP: BENCH_POOL_CLIENTS (64) loops of
// `select 1` on a pool of DATABASE_POOL_MAX (10) for BENCH_POOL_SECONDS (60), queries per second in
// 10 s windows. With every connection busy the pool's busy queue never empties: unpatched
// (porsager/postgres#747) each window is slower than the last; patched, the column stays flat.
const seconds = Number(process.env.BENCH_POOL_SECONDS ?? 60);
const clients = Number(process.env.BENCH_POOL_CLIENTS ?? 64);
const max = Number(process.env.DATABASE_POOL_MAX ?? 10);

async function main(): Promise<void> {
  const url = await ensureDatabase(databaseUrl);
  if (url === null) return;
  const sql = postgres(url, { max, onnotice: () => {} });
  let done = 0;
  const end = Date.now() + seconds * 1000;
  const loop = async () => {
    while (Date.now() < end) {
      await sql`select 1`;
      done++;
    }
  };
  console.log(`pool ${max}, ${clients} concurrent loops, ${seconds} s`);
  console.log('| window | queries/s |\n|---:|---:|');
  let last = 0;
  let at = 0;
  const timer = setInterval(() => {
    at += 10;
    console.log(`| ${at - 10}–${at} s | ${Math.round((done - last) / 10)} |`);
    last = done;
  }, 10_000);
  await Promise.all(Array.from({ length: clients }, loop));
  clearInterval(timer);
  await sql.end({ timeout: 5 });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
