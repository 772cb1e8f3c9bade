import type { Row } from './paired.js';

const times = (x: number | null) => (x === null || !Number.isFinite(x) ? '–' : `${x.toFixed(2)}×`);
/** A latency in ms, to the hundredth (load.ts keeps them as measured). */
export const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');

/**
 * The rows of one backend as a Markdown table (it pastes into docs/performance.md): each row's
 * throughput, p99 and CPU as ratios to the `base` row, paired round by round in the same run
 * (`pairedRows`); then each row's per-round throughput ratios, the spread behind its median.
 */
export function formatTable(title: string, rows: readonly Row[], base: string): string {
  const lines = [
    `### ${title}`,
    '',
    `| scenario | req/s | p50 ms | p99 ms | req/s vs ${base} | p99 vs ${base} | server CPU µs/req | CPU vs ${base} | failed |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.name} | ${Math.round(r.rps)} | ${ms(r.p50)} | ${ms(r.p99)} | ${times(r.vs.rps)} | ${times(r.vs.p99)} | ${r.cpu === null ? '–' : Math.round(r.cpu)} | ${times(r.vs.cpu)} | ${r.bad} |`,
    );
  }
  // Without the base in the run (BENCH_ONLY left it out) there are no rounds to show.
  const spread = rows.filter((r) => r.name !== base && r.rounds.some(Number.isFinite));
  if (spread.length === 0) return lines.join('\n');
  lines.push('', `req/s vs ${base}, round by round:`, '');
  for (const r of spread) {
    lines.push(`- ${r.name}: ${r.rounds.map((x) => x.toFixed(2)).join(' ')}`);
  }
  return lines.join('\n');
}
