import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import type { BenchTargets } from './server.js';

/** The benchmarks' own database (created on first use), never the tests'. */
export const databaseUrl =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/warden_perf_bench';

/** The bench database, created on first use; null (and a note) when no Postgres answers. */
export async function ensureDatabase(url: string): Promise<string | null> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {}, connect_timeout: 3 });
  try {
    const [found] = await sql`select 1 from pg_database where datname = ${name}`;
    if (found === undefined) await sql.unsafe(`create database "${name.replaceAll('"', '""')}"`);
    return url;
  } catch (error) {
    console.log(
      `(no Postgres at ${target.host}: ${error instanceof Error ? error.message : String(error)}; skipped)`,
    );
    return null;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

export async function startServer(
  env: Record<string, string>,
): Promise<[ChildProcess, BenchTargets]> {
  const script = fileURLToPath(new URL('./server.ts', import.meta.url));
  // BENCH_PROFILE=<dir>: a V8 CPU profile of the server, written when it is stopped.
  const profile = process.env.BENCH_PROFILE;
  const flags = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  // The packages as production runs them, built (`pnpm bench` builds them first): under their
  // TypeScript source, tsx wraps every function made per request in a naming helper, which the
  // protected path, making more of them, paid more for. BENCH_SOURCE=1 (the smoke test): source.
  const source = process.env.BENCH_SOURCE === '1' ? ['--conditions=@warden/source'] : [];
  const child = spawn(process.execPath, [...flags, ...source, '--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`bench server exited with ${code} before it was ready`);
  });
  const ready = (async () => {
    for await (const line of lines) if (line.startsWith('{')) return JSON.parse(line);
    throw new Error('bench server closed its output before it was ready');
  })();
  const targets: BenchTargets = await Promise.race([ready, exited]);
  exited.catch(() => {}); // its exit after the run is expected
  return [child, targets];
}
