import { migrations, schema } from '@warden/api';
import { cookieNames, createApiTokens, createSessions } from '@warden/auth';
import { applyMigrations } from '@warden/authz';
import { createDb } from '@warden/db';
import { createApp, credentialCacheOf } from '@warden/server';
import { median } from './load.js';
import { selfTimeTable } from './profile-self.js';
import { sameWorkApp } from './same-work-app.js';
import { seedBench } from './seed.js';
import { startProfiler } from './stack-profiler.js';
import { databaseUrl, ensureDatabase } from './start.js';

// `pnpm --filter @warden/bench stack`: the server's CPU per request, in process, for the protected
// list and for the same work with nothing around it (same-work-app.ts), on one Postgres pool. No
// sockets and no load generator share the CPU, so a change to the stack shows in a few seconds,
// steadier than over HTTP: the tool for trying one change at a time (issue 23, target 1). The
// figures that count are still `pnpm bench`'s, over HTTP; this one leaves out the socket work.

const ROUNDS = Number(process.env.STACK_ROUNDS ?? 7);
const REQUESTS = Number(process.env.STACK_REQUESTS ?? 4000);
const CONCURRENCY = Number(process.env.STACK_CONCURRENCY ?? 16);
// `STACK_PROFILE=/tmp/stack`: a CPU profile of each variant's rounds and of nothing else (the
// profiler runs only while that variant's requests do, interleaved as the rounds are), written as
// `<variant>-<round>.cpuprofile` for DevTools, and a table per variant of the functions whose self
// time per request differs most from the same work's; then one more round of each under the
// sampling heap profiler, and the bytes each allocates a request (stack-profiler.ts). Profiles of
// separate runs compared badly: the machine's speed drifts between them by more than the
// differences looked for.
const PROFILE = process.env.STACK_PROFILE;
const INPUT = encodeURIComponent(JSON.stringify({ page: 1, pageSize: 20 }));
const LIST = `http://localhost/trpc/shop.products.list?input=${INPUT}`;

type Fetch = (req: Request) => Response | Promise<Response>;
interface Variant {
  readonly name: string;
  readonly fetch: Fetch;
  readonly url: string;
  readonly headers: Record<string, string>;
}

/** CPU µs per request for `REQUESTS` requests, `CONCURRENCY` at a time. */
async function cpuPerRequest(v: Variant, requests: number): Promise<number> {
  let left = requests;
  const before = process.cpuUsage();
  const loop = async () => {
    while (left-- > 0) {
      const res = await v.fetch(new Request(v.url, { headers: v.headers }));
      if (res.status !== 200) throw new Error(`${v.name}: ${res.status} ${await res.text()}`);
      await res.text();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / requests;
}

async function main(): Promise<void> {
  const url = await ensureDatabase(databaseUrl);
  if (url === null) return;
  const handle = await createDb({ schema, connection: { url, poolMax: 1 } });
  await applyMigrations(handle.db, migrations);
  const userId = await seedBench(handle.db);
  const { token: session } = await createSessions({ db: handle.db }).create(userId, 'operator');
  const { token } = await createApiTokens({ db: handle.db }).create(userId, 'operator', {
    name: 'stack',
  });
  const app = createApp({ db: handle, credentialCache: credentialCacheOf(handle) });
  while (app.auth.cache?.enabled === false) await new Promise((r) => setTimeout(r, 10));
  const variants: Variant[] = [
    { name: 'same work', fetch: sameWorkApp(handle.db).fetch, url: LIST, headers: {} },
    {
      name: 'protected, session',
      fetch: app.fetch,
      url: LIST,
      headers: { cookie: `${cookieNames({ secure: false }).session}=${session}` },
    },
    {
      name: 'protected, API token',
      fetch: app.fetch,
      url: LIST,
      headers: { authorization: `Bearer ${token}` },
    },
  ];
  for (const v of variants) await cpuPerRequest(v, 1000); // warm: JIT, caches, plans
  const results = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  const profiler = PROFILE === undefined ? undefined : await startProfiler(PROFILE, REQUESTS);
  for (let round = 0; round < ROUNDS; round++)
    for (let i = 0; i < variants.length; i++) {
      const v = variants[(round + i) % variants.length];
      if (v === undefined) continue;
      const measure = () => cpuPerRequest(v, REQUESTS);
      const us = profiler === undefined ? await measure() : await profiler.around(v.name, measure);
      results.get(v.name)?.push(us);
    }
  const base = results.get('same work') ?? [];
  console.log(`${ROUNDS} rounds of ${REQUESTS} requests, ${CONCURRENCY} at a time (medians)\n`);
  console.log('| stack | CPU µs/req | vs same work |\n|---|---:|---:|');
  for (const [name, us] of results) {
    const ratio = median(us.map((x, i) => x / (base[i] ?? Number.NaN)));
    console.log(`| ${name} | ${median(us).toFixed(1)} | ${ratio.toFixed(2)}× |`);
  }
  if (profiler !== undefined) {
    for (const v of variants) await profiler.sampleHeap(v.name, () => cpuPerRequest(v, REQUESTS));
    console.log("\n(profiled: the CPU figures include the profiler's own work)\n");
    console.log('| stack | allocated KB/req (sampled) | vs same work |\n|---|---:|---:|');
    const sameWork = profiler.allocated('same work');
    for (const v of variants) {
      const bytes = profiler.allocated(v.name);
      console.log(
        `| ${v.name} | ${(bytes / 1024).toFixed(1)} | ${(bytes / sameWork).toFixed(2)}× |`,
      );
    }
    const base = profiler.selfTimes('same work');
    for (const v of variants.filter((x) => x.name !== 'same work'))
      console.log(`\n${selfTimeTable(base, profiler.selfTimes(v.name), 25)}`);
  }
  await handle.close();
  process.exit(0); // the credential cache's listener and heartbeat
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
