// Type-checks each generated program (see generate.ts) RUNS times with --extendedDiagnostics and
// prints a markdown table of medians. Run from packages/authz after generate.ts:
// `tsx bench/tsc/run.ts`. One tsc at a time: TS7 checks in parallel, and this machine has 2 cores.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.RUNS ?? 3);
const here = import.meta.dirname;
const out = join(here, '.out');
const tsc = join(here, '../../node_modules/.bin/tsc');
// Extra tsc flags, e.g. TSC_FLAGS=--singleThreaded to compare with the one-checker case.
const flags = (process.env.TSC_FLAGS ?? '').split(' ').filter(Boolean);
const FIELDS = ['Types', 'Instantiations', 'Check time', 'Total time'] as const;
type Stats = Record<(typeof FIELDS)[number], number>;

function once(config: string): Stats {
  // tsc exits non-zero on any type error; execFileSync then throws, which is what we want.
  const text = execFileSync(tsc, ['-p', config, '--extendedDiagnostics', ...flags], {
    encoding: 'utf8',
  });
  const stats = {} as Stats;
  for (const field of FIELDS) {
    const match = new RegExp(`^${field}:\\s+([\\d.]+)`, 'm').exec(text);
    if (!match?.[1]) throw new Error(`tsc printed no '${field}' for ${config}:\n${text}`);
    stats[field] = Number(match[1]);
  }
  return stats;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function measure(dir: string): { baseline: Stats; withCodenames: Stats } {
  const runs = { baseline: [] as Stats[], withCodenames: [] as Stats[] };
  // Interleave the variants so drift (thermal, other load) hits both alike.
  for (let i = 0; i < RUNS; i++) {
    runs.baseline.push(once(join(dir, 'tsconfig.baseline.json')));
    runs.withCodenames.push(once(join(dir, 'tsconfig.with.json')));
  }
  const med = (list: Stats[]) =>
    Object.fromEntries(FIELDS.map((f) => [f, median(list.map((s) => s[f]))])) as Stats;
  return { baseline: med(runs.baseline), withCodenames: med(runs.withCodenames) };
}

if (!existsSync(out)) throw new Error('no .out folder: run bench/tsc/generate.ts first');
const sizes = readdirSync(out)
  .filter((name) => /^\d+$/.test(name))
  .map(Number)
  .sort((a, b) => a - b);
const s = (x: number) => `${x.toFixed(3)} s`;
const rows = [
  '| N tables | baseline total | with codenames total | Δ total | Δ check | types (base → with) | instantiations (base → with) | Δ < 1 s |',
  '|---:|---:|---:|---:|---:|---:|---:|:---:|',
];
for (const n of sizes) {
  const { baseline: b, withCodenames: w } = measure(join(out, String(n)));
  const delta = w['Total time'] - b['Total time'];
  rows.push(
    `| ${n} | ${s(b['Total time'])} | ${s(w['Total time'])} | ${s(delta)} | ${s(w['Check time'] - b['Check time'])} | ` +
      `${b.Types} → ${w.Types} | ${b.Instantiations} → ${w.Instantiations} | ${delta < 1 ? 'yes' : 'no'} |`,
  );
}
const version = execFileSync(tsc, ['--version'], { encoding: 'utf8' }).trim();
// Timings move by ±0.3 s when anything else runs on 2 cores: the load average says whether it did.
const load = loadavg().map((l) => l.toFixed(2));
const extra = flags.length ? `, flags: ${flags.join(' ')}` : '';
console.log(
  `${version}, median of ${RUNS} runs${extra}, ${cpus().length} cores, load ${load.join(' ')}\n`,
);
console.log(rows.join('\n'));
