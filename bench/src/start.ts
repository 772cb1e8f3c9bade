import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import type { BenchTargets } from './server.js';

/** The benchmarks' own database (created on first use), never the tests'. */
export const databaseUrl =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/warden_perf_bench';

/**
 * DATABASE_PREPARE=off: the servers' statements unprepared, as behind a pooler in transaction mode
 * (what that costs is measured by running the bench with it and without). Otherwise postgres.js's
 * default, prepared: the bench talks to Postgres directly.
 */
export const prepareFromEnv = (): { prepare?: false } =>
  process.env.DATABASE_PREPARE === 'off' ? { prepare: false } : {};

/** Whether the database at `url` holds drizzle's default history (one folder, before issue 15). */
async function migratedBeforeSplit(url: string): Promise<boolean> {
  const db = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  try {
    const [row] = await db`select to_regclass('drizzle.__drizzle_migrations') is not null as old`;
    return row?.old === true;
  } finally {
    await db.end({ timeout: 1 });
  }
}

/** The bench database, created on first use; null (and a note) when no Postgres answers. */
export async function ensureDatabase(url: string): Promise<string | null> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {}, connect_timeout: 3 });
  try {
    const quoted = `"${name.replaceAll('"', '""')}"`;
    const [found] = await sql`select 1 from pg_database where datname = ${name}`;
    let exists = found !== undefined;
    if (exists && (await migratedBeforeSplit(url))) {
      // Its own data only, seeded on every run: made again rather than upgraded (issue 15).
      console.log(`(${name} was migrated before the migrations were split: created again)`);
      await sql.unsafe(`drop database ${quoted} with (force)`);
      exists = false;
    }
    if (!exists) await sql.unsafe(`create database ${quoted}`);
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

/** A bench server script as a child process, and the JSON of its first `{` line. */
async function startChild(
  name: string,
  env: Record<string, string>,
): Promise<[ChildProcess, unknown]> {
  const script = fileURLToPath(new URL(name, import.meta.url));
  // BENCH_PROFILE=<dir>: a V8 CPU profile of the server, written when it is stopped.
  const profile = process.env.BENCH_PROFILE;
  const flags = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  // The packages as production runs them, built (`pnpm bench` builds them first): under their
  // TypeScript source, tsx wraps every function made per request in a naming helper, which the
  // protected path, making more of them, paid more for. BENCH_SOURCE=1 (the smoke test): source.
  const source = process.env.BENCH_SOURCE === '1' ? ['--conditions=@warden/source'] : [];
  // BENCH_TAIL=<dir>: the event loop's delay and the GC's pauses over the server's life.
  const tail = process.env.BENCH_TAIL
    ? ['--import', fileURLToPath(new URL('./tail-probe.ts', import.meta.url))]
    : [];
  const child = spawn(process.execPath, [...flags, ...source, '--import', 'tsx', ...tail, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${name} exited with ${code} before it was ready`);
  });
  const ready = (async (): Promise<unknown> => {
    for await (const line of lines) if (line.startsWith('{')) return JSON.parse(line);
    throw new Error(`${name} closed its output before it was ready`);
  })();
  const first = await Promise.race([ready, exited]);
  exited.catch(() => {}); // its exit after the run is expected
  return [child, first];
}

export async function startServer(
  env: Record<string, string>,
): Promise<[ChildProcess, BenchTargets]> {
  const [child, targets] = await startChild('./server.ts', env);
  if (!isTargets(targets)) throw new Error(`server.ts said ${JSON.stringify(targets)}`);
  return [child, targets];
}

const TARGET_STRINGS = [
  'app',
  'bare',
  'cookie',
  'bearer',
  'memberCookie',
  'memberScope',
  'backend',
];
function isTargets(value: unknown): value is BenchTargets {
  if (typeof value !== 'object' || value === null) return false;
  const fields = new Map(Object.entries(value));
  return (
    TARGET_STRINGS.every((name) => typeof fields.get(name) === 'string') &&
    typeof fields.get('workers') === 'number'
  );
}

/** The "same work" server (same-work.ts), on the database the app's server has seeded. */
export async function startSameWork(env: Record<string, string>): Promise<[ChildProcess, string]> {
  const [child, line] = await startChild('./same-work.ts', env);
  if (typeof line !== 'object' || line === null || !('url' in line) || typeof line.url !== 'string')
    throw new Error(`same-work.ts said ${JSON.stringify(line)}`);
  return [child, line.url];
}
