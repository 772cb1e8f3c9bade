// Type-checks each generated program (see generate.ts) with each compiler, RUNS times, and prints
// a markdown table per compiler: the cost the codename types add ("with" minus "baseline") in CPU
// seconds and instantiations, per size, so growth in the number of tables is visible.
// Run from packages/authz: `tsx bench/tsc/generate.ts && tsx bench/tsc/run.ts` (or `pnpm bench:tsc`).
// One tsc at a time: TS 7 checks in parallel, and this machine has 2 cores.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { compilers } from './compilers.js';

const RUNS = Number(process.env.RUNS ?? 3);
const here = import.meta.dirname;
const out = join(here, '.out');
// Extra tsc flags, e.g. TSC_FLAGS=--singleThreaded to compare with the one-checker case.
const flags = (process.env.TSC_FLAGS ?? '').split(' ').filter(Boolean);
// GNU time reports the CPU seconds of the whole tsc process (TS 7's checker threads included),
// which vary less than wall time on a shared machine.
const TIME = '/usr/bin/time';
const FIELDS = ['Instantiations', 'Check time', 'Total time'] as const;
type Stats = Record<(typeof FIELDS)[number] | 'cpu', number>;

function once(tsc: string, config: string): Stats {
  const args = [tsc, '-p', config, '--extendedDiagnostics', ...flags];
  const run = existsSync(TIME)
    ? spawnSync(TIME, ['-f', 'cpu %U %S', ...args], { encoding: 'utf8' })
    : spawnSync(args[0] ?? tsc, args.slice(1), { encoding: 'utf8' });
  // A type error in a generated program means the bench measures something else: stop.
  if (run.status !== 0) throw new Error(`${config} failed:\n${run.stdout}\n${run.stderr}`);
  const stats: Partial<Stats> = {};
  for (const field of FIELDS) {
    const match = new RegExp(`^${field}:\\s+([\\d.]+)`, 'm').exec(run.stdout);
    if (!match?.[1]) throw new Error(`tsc printed no '${field}' for ${config}:\n${run.stdout}`);
    stats[field] = Number(match[1]);
  }
  const cpu = /^cpu ([\d.]+) ([\d.]+)/m.exec(run.stderr);
  stats.cpu = cpu ? Number(cpu[1]) + Number(cpu[2]) : Number.NaN;
  return { Instantiations: 0, 'Check time': 0, 'Total time': 0, cpu: 0, ...stats };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

interface Cell {
  base: Stats;
  with: Stats;
  /** Median of the paired differences (run i's `with` minus run i's baseline). */
  delta: Stats;
}

function measure(tsc: string, dir: string): Cell {
  const pairs: { base: Stats; with: Stats }[] = [];
  // Interleave the variants so drift (thermal, other load) hits both alike.
  for (let i = 0; i < RUNS; i++) {
    const base = once(tsc, join(dir, 'tsconfig.baseline.json'));
    pairs.push({ base, with: once(tsc, join(dir, 'tsconfig.with.json')) });
  }
  const keys = [...FIELDS, 'cpu'] as const;
  const med = (value: (pair: (typeof pairs)[number], key: (typeof keys)[number]) => number) =>
    Object.fromEntries(keys.map((key) => [key, median(pairs.map((p) => value(p, key)))])) as Stats;
  return {
    base: med((p, key) => p.base[key]),
    with: med((p, key) => p.with[key]),
    delta: med((p, key) => p.with[key] - p.base[key]),
  };
}

if (!existsSync(out)) throw new Error('no .out folder: run bench/tsc/generate.ts first');
const sizes = readdirSync(out)
  .filter((name) => /^\d+$/.test(name))
  .map(Number)
  .sort((a, b) => a - b);
const s = (x: number) => `${x.toFixed(2)} s`;
const k = (x: number) => `${Math.round(x / 1000)}k`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(
  `median of ${RUNS} paired runs${flags.length ? `, flags: ${flags.join(' ')}` : ''}, ${cpus().length} cores, load at start ${load()}\n`,
);
for (const { name, tsc } of compilers()) {
  const version = execFileSync(tsc, ['--version'], { encoding: 'utf8' }).trim();
  const rows = [
    `**${name}** (${version})`,
    '',
    '| N tables | baseline CPU | with CPU | Δ CPU | Δ CPU / 1k tables | Δ total (wall) | Δ check (wall) | instantiations (base → with) | Δ instantiations / table |',
    '| -------: | -----------: | -------: | ----: | ----------------: | -------------: | -------------: | ---------------------------: | -----------------------: |',
  ];
  for (const n of sizes) {
    const { base, with: w, delta } = measure(tsc, join(out, String(n)));
    rows.push(
      `| ${n} | ${s(base.cpu)} | ${s(w.cpu)} | ${s(delta.cpu)} | ${s((delta.cpu * 1000) / n)} | ${s(delta['Total time'])} | ${s(delta['Check time'])} | ` +
        `${k(base.Instantiations)} → ${k(w.Instantiations)} | ${Math.round(delta.Instantiations / n)} |`,
    );
  }
  console.log(`${rows.join('\n')}\n\nload at end ${load()}\n`);
}
