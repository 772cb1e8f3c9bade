import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

// Loaded into a bench server with `--import` when BENCH_TAIL=<dir> is set (start.ts): what makes
// a tail long inside the server, the event loop's delay and the garbage collector's pauses, over
// the server's whole life. Written as <dir>/<script>-<pid>.json when the runner stops the server
// (SIGTERM ends both servers with process.exit), read by tail-report.ts.

export interface TailStats {
  server: string;
  pid: number;
  seconds: number;
  /** HTTP requests the server received (node's `http.server.request.start` channel). */
  requests: number;
  /** Event-loop delay (ms): how long a ready callback waited for the loop. */
  delay: { p50: number; p99: number; max: number };
  /** Garbage-collection pauses: how many, their sum and the longest (ms). */
  gc: { count: number; totalMs: number; maxMs: number; over10Ms: number };
}

const dir = process.env.BENCH_TAIL;
if (dir) {
  const started = performance.now();
  // 1 ms resolution: the tails compared are tens of milliseconds.
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let requests = 0;
  subscribe('http.server.request.start', () => {
    requests += 1;
  });
  const gc = { count: 0, totalMs: 0, maxMs: 0, over10Ms: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count += 1;
      gc.totalMs += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
      if (entry.duration > 10) gc.over10Ms += 1;
    }
  }).observe({ entryTypes: ['gc'] });
  const server = basename(process.argv[1] ?? 'server', '.ts');
  process.on('exit', () => {
    const ms = (ns: number) => ns / 1e6;
    const stats: TailStats = {
      server,
      pid: process.pid,
      seconds: (performance.now() - started) / 1000,
      requests,
      delay: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
      gc,
    };
    writeFileSync(join(dir, `${server}-${process.pid}.json`), `${JSON.stringify(stats)}\n`);
  });
}
