import autocannon from 'autocannon';
import { latencyLog } from './latency.js';

export interface LoadResult {
  readonly name: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** Server CPU time per request (µs), when the server's CPU could be read. */
  readonly cpu: number | null;
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
  cpuUrl?: string,
): Promise<LoadResult> {
  // Each answer's latency as measured, for percentiles finer than autocannon's whole milliseconds
  // (only those that succeeded, as autocannon counts them).
  const run = (duration: number, latencies?: ReturnType<typeof latencyLog>) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      const opts = { url, headers, connections: options.connections, duration };
      const instance = autocannon(opts, (error, result) =>
        error === null || error === undefined ? resolve(result) : reject(error),
      );
      instance.on('response', (_client, status, _bytes, ms) => {
        if (status >= 200 && status < 300) latencies?.record(ms);
      });
    });
  if (options.warmup !== false) await run(Math.min(1, options.seconds));
  const before = await cpuOf(cpuUrl);
  const latencies = latencyLog();
  const result = await run(options.seconds, latencies);
  const after = await cpuOf(cpuUrl);
  const served = result.requests.total;
  return {
    name,
    rps: result.requests.average,
    p50: latencies.percentile(0.5),
    p99: latencies.percentile(0.99),
    cpu: before === null || after === null || served === 0 ? null : (after - before) / served,
    bad: result.non2xx + result.errors + result.timeouts,
  };
}

async function cpuOf(url: string | undefined): Promise<number | null> {
  if (url === undefined) return null;
  const body: unknown = await (await fetch(url)).json();
  return typeof body === 'object' &&
    body !== null &&
    'micros' in body &&
    typeof body.micros === 'number'
    ? body.micros
    : null;
}

export const median = (xs: readonly number[]) => {
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
    cpu: results.some((r) => r.cpu === null) ? null : median(results.map((r) => r.cpu ?? 0)),
    bad: results.reduce((sum, r) => sum + r.bad, 0),
  };
}
