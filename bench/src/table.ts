import type { LoadResult } from './load.js';

const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '–');

/**
 * The rows of one backend as a Markdown table (it pastes into docs/performance.md): each row's
 * throughput and p99 as ratios of the `base` row, measured in the same run.
 */
export function formatTable(title: string, rows: readonly LoadResult[], base: string): string {
  const reference = rows.find((r) => r.name === base);
  const lines = [
    `### ${title}`,
    '',
    `| scenario | req/s | p50 ms | p99 ms | req/s vs ${base} | p99 vs ${base} | server CPU µs/req | CPU vs ${base} | failed |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${ratio(r.rps, reference?.rps ?? 0)} | ${ratio(r.p99, reference?.p99 ?? 0)} | ${r.cpu === null ? '–' : Math.round(r.cpu)} | ${r.cpu === null ? '–' : ratio(r.cpu, reference?.cpu ?? 0)} | ${r.bad} |`,
    );
  }
  return lines.join('\n');
}
