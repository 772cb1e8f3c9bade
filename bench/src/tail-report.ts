import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TailStats } from './tail-probe.js';

/** The tail probes (tail-probe.ts) of the processes `pids`, as written into `dir`. */
export function readTail(dir: string, pids: readonly number[]): TailStats[] {
  return readdirSync(dir)
    .filter((name) => pids.some((pid) => name.endsWith(`-${pid}.json`)))
    .sort()
    .map((name) => {
      const stats: unknown = JSON.parse(readFileSync(join(dir, name), 'utf8'));
      if (!isTailStats(stats)) throw new Error(`${name} is no tail probe's output`);
      return stats;
    });
}

/** Whether `value` is an object whose `keys` all hold numbers. */
function numbers(value: unknown, keys: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const fields = new Map(Object.entries(value));
  return keys.every((key) => typeof fields.get(key) === 'number');
}

function isTailStats(value: unknown): value is TailStats {
  if (typeof value !== 'object' || value === null) return false;
  const fields = new Map(Object.entries(value));
  return (
    typeof fields.get('server') === 'string' &&
    numbers(value, ['pid', 'seconds', 'requests']) &&
    numbers(fields.get('delay'), ['p50', 'p99', 'max']) &&
    numbers(fields.get('gc'), ['count', 'totalMs', 'maxMs', 'over10Ms'])
  );
}

const fixed = (x: number) => x.toFixed(1);

/**
 * One row per server: the event loop's delay and the collector's pauses over its life (warm-up and
 * every round it served), a Markdown table to paste beside the bench's.
 */
export function formatTail(stats: readonly TailStats[]): string {
  const lines = [
    '| server | requests | loop delay p50 ms | p99 ms | max ms | GC pauses | GC µs per request | longest GC ms | GC pauses > 10 ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of stats) {
    lines.push(
      `| ${s.server} | ${s.requests} | ${fixed(s.delay.p50)} | ${fixed(s.delay.p99)} | ${fixed(s.delay.max)} | ${s.gc.count} | ${s.requests === 0 ? '–' : fixed((s.gc.totalMs * 1000) / s.requests)} | ${fixed(s.gc.maxMs)} | ${s.gc.over10Ms} |`,
    );
  }
  return lines.join('\n');
}
