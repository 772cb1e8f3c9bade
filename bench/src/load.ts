import autocannon from 'autocannon';

export interface LoadResult {
  readonly name: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** Responses other than 2xx, and socket errors or timeouts: a row with either measured a failure. */
  readonly bad: number;
}

export interface LoadOptions {
  readonly seconds: number;
  readonly connections: number;
  /** A one-second unrecorded run first (default true). */
  readonly warmup?: boolean;
}

/** One autocannon run against one URL; a short unrecorded warm-up first (JIT, pools, caches). */
export async function load(
  name: string,
  url: string,
  headers: Record<string, string>,
  options: LoadOptions,
): Promise<LoadResult> {
  const run = (duration: number) =>
    autocannon({ url, headers, connections: options.connections, duration });
  if (options.warmup !== false) await run(Math.min(1, options.seconds));
  const result = await run(options.seconds);
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: result.non2xx + result.errors + result.timeouts,
  };
}

const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** One row from several rounds of a scenario: the median of each figure, failures summed. */
export function medianOf(name: string, results: readonly LoadResult[]): LoadResult {
  return {
    name,
    rps: median(results.map((r) => r.rps)),
    p50: median(results.map((r) => r.p50)),
    p99: median(results.map((r) => r.p99)),
    bad: results.reduce((sum, r) => sum + r.bad, 0),
  };
}
