import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { ACTIVE_SCOPE_HEADER } from '@warden/api';
import { type LoadOptions, type LoadResult, load } from './load.js';
import { pairedRows, type Row } from './paired.js';
import { packageTable, packageTimes, readProfileOf } from './profile-packages.js';
import type { BenchTargets } from './server.js';
import { databaseUrl, ensureDatabase, startSameWork, startServer } from './start.js';
import { formatTable } from './table.js';
import { formatTail, readTail } from './tail-report.js';

// `pnpm bench`: for each backend, start the bench server (bench/src/server.ts) in a child process
// on loopback, load each scenario with autocannon, print one table per backend. Bounded: every
// scenario runs BENCH_SECONDS (default 2) after a one-second warm-up, BENCH_ROUNDS times (15):
// short interleaved rounds, because this machine is shared and its load drifts within seconds.
const options: LoadOptions = {
  seconds: Number(process.env.BENCH_SECONDS ?? 2),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 32),
};
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 15));
// Warm-up: once per scenario, one second, unrecorded (JIT, prepared statements, caches).
const warmup: LoadOptions = {
  seconds: Math.min(1, options.seconds),
  connections: options.connections,
  warmup: false,
};
const backends = (process.env.BENCH_BACKENDS ?? 'postgres,pglite').split(',');

const LIST_INPUT = encodeURIComponent(JSON.stringify({ page: 1, pageSize: 20 }));
/** The list for a user with a global grant: what the scoped rows are compared with. */
const GLOBAL = 'protected, session';
const MEMBER = 'member of 50 organizations';

interface Scenario {
  readonly name: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  /** Where the server's CPU time is read; none with several workers (which one served?). */
  readonly cpu?: string;
}

/** The protected list's work alone, in its own process (same-work.ts): the whole stack's baseline. */
const SAME_WORK = 'same work, own process';
/** BENCH_TAIL=<dir>: each server's tail probe (tail-probe.ts) writes there; printed after a backend. */
const tailDir = process.env.BENCH_TAIL;
/** BENCH_PROFILE=<dir>: each server's CPU profile (start.ts); with the same work, by package. */
const profileDir = process.env.BENCH_PROFILE;

async function scenariosOf(t: BenchTargets, prefix = '', sameWork?: string): Promise<Scenario[]> {
  const list = `${t.app}/trpc/shop.products.list?input=${LIST_INPUT}`;
  // The measured request must be the real one: 20 rows for the bench user, before any load.
  const check = await fetch(list, { headers: { cookie: t.cookie } });
  const body = await check.text();
  if (!check.ok || (body.match(/"priceCents"/g) ?? []).length !== 20) {
    throw new Error(`the protected list did not answer 20 rows: ${check.status} ${body}`);
  }
  const member = { cookie: t.memberCookie };
  const acting = { ...member, [ACTIVE_SCOPE_HEADER]: t.memberScope };
  for (const headers of [member, acting]) {
    const scoped = await (await fetch(list, { headers })).text();
    if ((scoped.match(/"orgId":\d+/g) ?? []).length !== 20)
      throw new Error(`the member's list did not answer 20 rows of its organizations: ${scoped}`);
  }
  const same: Scenario[] = [];
  if (sameWork !== undefined) {
    const url = `${sameWork}/trpc/shop.products.list?input=${LIST_INPUT}`;
    // The same work means the same answer, byte for byte.
    const answer = await (await fetch(url)).text();
    if (answer !== body)
      throw new Error(`the same-work server answered otherwise:\n${answer}\nnot\n${body}`);
    same.push({ name: SAME_WORK, url, headers: {}, cpu: `${sameWork}/cpu` });
  }
  const cpu = t.workers === 1 ? { cpu: `${t.app}/bench/cpu` } : {};
  const all: Scenario[] = [
    { name: 'bare Hono + tRPC', url: `${t.bare}/trpc/products?input=${LIST_INPUT}`, headers: {} },
    { name: 'unprotected', url: `${t.app}/bench/trpc/products?input=${LIST_INPUT}`, headers: {} },
    { name: GLOBAL, url: list, headers: { cookie: t.cookie } },
    { name: 'protected, API token', url: list, headers: { authorization: t.bearer } },
    // The same list for a member of 50 organizations of 1,000, whose role there may view products
    // (no global grant): acting in one of them (the header), and in none (all of theirs).
    { name: `${MEMBER}, acting in one`, url: list, headers: acting },
    { name: `${MEMBER}, in none`, url: list, headers: member },
    ...same,
  ];
  const wanted = process.env.BENCH_ONLY;
  return all
    .filter((s) => wanted === undefined || wanted.split('|').some((w) => s.name.includes(w)))
    .map((s) => ({ ...cpu, ...s, name: `${prefix}${s.name}` }));
}

/**
 * Rounds, each running every scenario once: a machine whose load drifts (other processes) shifts
 * every scenario alike. Each scenario's results in round order, for `pairedRows`.
 */
async function measure(chosen: readonly Scenario[]): Promise<Map<string, LoadResult[]>> {
  const runs = new Map<string, LoadResult[]>(chosen.map((s) => [s.name, []]));
  for (const s of chosen) await load(s.name, s.url, s.headers, warmup);
  for (let round = 0; round < rounds; round++) {
    // Each round starts one scenario later, so none always follows the same neighbour.
    for (let i = 0; i < chosen.length; i++) {
      const s = chosen[(round + i) % chosen.length];
      if (s === undefined) continue;
      const result = await load(s.name, s.url, s.headers, { ...options, warmup: false }, s.cpu);
      runs.get(s.name)?.push(result);
    }
  }
  return runs;
}

/**
 * BENCH_COMPARE_WORKERS=1,2: one server per process count, all running, their unprotected and
 * protected rows interleaved in the same rounds (Postgres only).
 */
async function compareWorkers(url: string, counts: readonly number[]): Promise<void> {
  const started: Array<[ChildProcess, BenchTargets]> = [];
  try {
    for (const n of counts)
      started.push(await startServer({ DATABASE_URL: url, BENCH_WORKERS: String(n) }));
    const chosen: Scenario[] = [];
    for (const [, t] of started) {
      const label = `${t.workers} process${t.workers > 1 ? 'es' : ''}: `;
      const all = await scenariosOf(t, label);
      chosen.push(
        ...all.filter((s) => /unprotected|session/.test(s.name)).map(({ cpu: _, ...s }) => s),
      );
    }
    const pool = `pool ${process.env.DATABASE_POOL_MAX ?? 1}`;
    const base = `${counts[0]} process${(counts[0] ?? 1) > 1 ? 'es' : ''}: unprotected`;
    const rows = pairedRows(await measure(chosen), base);
    console.log(`\n${formatTable(`postgres, ${pool}, processes compared`, rows, base)}`);
  } finally {
    for (const [child] of started) child.kill('SIGTERM');
  }
}

async function main(): Promise<void> {
  const started = new Date();
  console.log(
    `warden bench ${started.toISOString()}: ${rounds} rounds of ${options.seconds} s × ${options.connections} connections per scenario (medians)`,
  );
  const compare = process.env.BENCH_COMPARE_WORKERS;
  if (compare !== undefined) {
    const url = await ensureDatabase(databaseUrl);
    if (url !== null) await compareWorkers(url, compare.split(',').map(Number));
    return;
  }
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
    let whole: Row[] = [];
    // Postgres: the same work in a process of its own, on the database the server has seeded.
    const same =
      backend === 'postgres' && targets.workers === 1 ? await startSameWork(env) : undefined;
    try {
      const runs = await measure(await scenariosOf(targets, '', same?.[1]));
      const rows = pairedRows(runs, 'unprotected');
      const pool = backend === 'postgres' ? `, pool ${process.env.DATABASE_POOL_MAX ?? 1}` : '';
      const processes = `, ${targets.workers} process${targets.workers > 1 ? 'es' : ''}`;
      const title = `${targets.backend}${pool}${processes}`;
      console.log(`\n${formatTable(title, rows, 'unprotected')}`);
      // The scoped list against the same list for a user with a global grant, round by round.
      const scoped = pairedRows(runs, GLOBAL).filter(
        (r) => r.name === GLOBAL || r.name.startsWith(MEMBER),
      );
      if (scoped.length > 1)
        console.log(`\n${formatTable(`${title}: scoped against a global grant`, scoped, GLOBAL)}`);
      // The whole stack against the same work with nothing around it (issue 23, target 1).
      whole = pairedRows(runs, SAME_WORK).filter((r) =>
        [SAME_WORK, GLOBAL, 'protected, API token', 'unprotected'].includes(r.name),
      );
      if (whole.some((r) => r.name === SAME_WORK) && whole.length > 1)
        console.log(
          `\n${formatTable(`${title}: the whole stack against the same work`, whole, SAME_WORK)}`,
        );
    } finally {
      child.kill('SIGTERM');
      same?.[0].kill('SIGTERM');
    }
    if (tailDir !== undefined) await printTail(tailDir, [child, same?.[0]]);
    if (profileDir !== undefined && same !== undefined)
      await printPackages(profileDir, child, same[0], whole);
  }
}

/** Until `child` has exited (a profile or a tail probe writes on exit). */
async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
}

/**
 * BENCH_PROFILE with the same work: the server's and the same work's CPU by package, in µs per
 * request (each package's share of the profile × the table's CPU per request; the server's is the
 * mean of its protected scenarios, which its one profile mixes: with `BENCH_ONLY='protected, |same'`
 * nothing else, else its other scenarios too).
 */
async function printPackages(dir: string, app: ChildProcess, same: ChildProcess, rows: Row[]) {
  await exited(app);
  await exited(same);
  const cpuOf = (names: (name: string) => boolean) => {
    const cpus = rows.filter((r) => names(r.name)).map((r) => r.cpu ?? Number.NaN);
    return cpus.reduce((a, b) => a + b, 0) / cpus.length;
  };
  const appProfile = app.pid === undefined ? undefined : readProfileOf(dir, app.pid);
  const sameProfile = same.pid === undefined ? undefined : readProfileOf(dir, same.pid);
  const appCpu = cpuOf((name) => name.startsWith('protected'));
  const sameCpu = cpuOf((name) => name === SAME_WORK);
  if (appProfile === undefined || sameProfile === undefined || !(appCpu > 0 && sameCpu > 0)) return;
  const table = packageTable(
    { name: SAME_WORK, times: packageTimes(sameProfile, sameCpu) },
    { name: 'protected (its scenarios mixed)', times: packageTimes(appProfile, appCpu) },
    16,
  );
  console.log(`\nCPU by package (BENCH_PROFILE), µs per request:\n\n${table}`);
}

/** BENCH_TAIL: once the servers have exited (their probes write on exit), what made their tails. */
async function printTail(dir: string, children: readonly (ChildProcess | undefined)[]) {
  for (const child of children) if (child !== undefined) await exited(child);
  const pids = children.flatMap((child) => (child?.pid === undefined ? [] : [child.pid]));
  console.log(`\n${formatTail(readTail(dir, pids))}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
