import { type LoadResult, median, medianOf } from './load.js';

/** A row of the table: the medians of its rounds, and its ratios to the base row. */
export interface Row extends LoadResult {
  /** Medians of the per-round ratios to the base scenario; null where not measured. */
  readonly vs: { readonly rps: number; readonly p99: number; readonly cpu: number | null };
  /** This scenario's req/s over the base's, round by round (the spread behind `vs.rps`). */
  readonly rounds: readonly number[];
}

const each = (
  xs: readonly LoadResult[],
  ys: readonly LoadResult[],
  f: (x: LoadResult, y: LoadResult) => number,
) =>
  xs.map((x, i) => {
    const y = ys[i];
    return y === undefined ? Number.NaN : f(x, y);
  });

/**
 * Every scenario against `base`, round by round: round i of a scenario ran next to round i of the
 * base, so their ratio cancels most of a shared machine's drifting load, which moves both. Each
 * ratio is the median of those per-round ratios, not a ratio of medians taken seconds apart.
 */
export function pairedRows(runs: ReadonlyMap<string, readonly LoadResult[]>, base: string): Row[] {
  const reference = runs.get(base) ?? [];
  return [...runs].map(([name, results]) => {
    const rounds = each(results, reference, (x, y) => x.rps / y.rps);
    const cpu = results.every((r) => r.cpu !== null) && reference.every((r) => r.cpu !== null);
    return {
      ...medianOf(name, results),
      vs: {
        rps: median(rounds),
        p99: median(each(results, reference, (x, y) => x.p99 / y.p99)),
        cpu: cpu ? median(each(results, reference, (x, y) => (x.cpu ?? 0) / (y.cpu ?? 1))) : null,
      },
      rounds,
    };
  });
}
