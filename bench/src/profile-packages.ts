import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CpuProfile, differenceTable, selfTimes } from './profile-self.js';

// `BENCH_PROFILE=<dir>` with `pnpm bench`: where each server's CPU goes, by package, in µs per
// request, the protected server's beside the same work's. Function by function, profiles of two
// processes differ by more than what is looked for; by package, the differences of 5 µs and more
// stand out (tRPC's object spreads, our packages, the same drivers running slower).

/** Module loading at start, which no request pays: left out of the shares. */
const STARTUP = 'node (module loading)';

/** The package a `selfTimes` key (`fn path:line`) belongs to. */
export function packageOf(place: string): string {
  if (place.startsWith('(garbage collector)')) return 'GC';
  if (place.startsWith('(program)')) return '(program)';
  const path = place.slice(place.lastIndexOf(' ') + 1).replace(/:\d+$/, '');
  if (path === '') return 'V8 builtins and native';
  if (path.startsWith('node:internal/modules')) return STARTUP;
  if (path.startsWith('node:')) return 'node';
  const [first = '', second = ''] = path.split('/');
  if (first.startsWith('@') || first === 'apps' || first === 'packages')
    return `${first}/${second}`;
  return first;
}

/** Self time per package, in µs per request: each package's share of the busy time × `cpu`. */
export function packageTimes(profile: CpuProfile, cpuPerRequest: number): Map<string, number> {
  const byPackage = new Map<string, number>();
  for (const [place, us] of selfTimes([profile])) {
    const name = packageOf(place);
    byPackage.set(name, (byPackage.get(name) ?? 0) + us);
  }
  byPackage.delete(STARTUP);
  const busy = [...byPackage.values()].reduce((a, b) => a + b, 0);
  for (const [name, us] of byPackage) byPackage.set(name, (us / busy) * cpuPerRequest);
  return byPackage;
}

/** The main thread's profile of process `pid` in `dir` (`--cpu-prof` names it by pid, thread 0). */
export function readProfileOf(dir: string, pid: number): CpuProfile | undefined {
  const main = new RegExp(`\\.${pid}\\.0\\.\\d+\\.cpuprofile$`);
  const file = readdirSync(dir).find((name) => main.test(name));
  return file === undefined ? undefined : JSON.parse(readFileSync(join(dir, file), 'utf8'));
}

/** The packages whose µs per request differ most, as a Markdown table (base first). */
export function packageTable(
  base: { readonly name: string; readonly times: Map<string, number> },
  other: { readonly name: string; readonly times: Map<string, number> },
  rows: number,
): string {
  return differenceTable(base, other, { column: 'package', total: '(all)', rows, digits: 1 });
}
