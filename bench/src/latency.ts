/**
 * The latencies of one load run, each kept as measured (ms, from the load generator's hrtime).
 * autocannon's own histogram holds whole milliseconds: at a p99 of 10–13 ms a ratio of two p99s
 * moved in steps of 8–10 %, as wide as issue 23's margin (p99 ≤ 1.2× the same work's).
 */
export function latencyLog(): { record(ms: number): void; percentile(q: number): number } {
  const values: number[] = [];
  return {
    record: (ms) => {
      values.push(ms);
    },
    /** Nearest rank: the smallest latency that at least `q` of the requests did not exceed. */
    percentile(q) {
      if (!(q > 0 && q <= 1)) throw new RangeError(`a percentile is in (0, 1], not ${q}`);
      if (values.length === 0) return Number.NaN;
      values.sort((a, b) => a - b); // once sorted, sorting again is one pass
      return values[Math.ceil(q * values.length) - 1] ?? Number.NaN;
    },
  };
}
