import cluster from 'node:cluster';

/**
 * The primary of `WEB_CONCURRENCY` workers (node:cluster; they share the listening socket, and
 * the primary hands connections out round-robin). Each worker is the whole server with its own
 * pool and credential cache; caches stay correct across them through LISTEN/NOTIFY. A worker
 * that dies after it was serving is replaced; one that dies before it listens (a configuration
 * error) stops them all, as a single process would. SIGTERM reaches every worker, which shuts down
 * gracefully; SIGINT from a terminal reaches them already (one process group).
 */
export function runWorkers(count: number): void {
  let stopping = false;
  const serving = new WeakSet<object>();
  const stopAll = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  cluster.on('listening', (worker) => serving.add(worker));
  cluster.on('exit', (worker, code, signal) => {
    const left = Object.keys(cluster.workers ?? {}).length;
    if (stopping) {
      if (left === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    if (!serving.has(worker)) {
      console.error(`worker ${worker.process.pid} exited (${signal ?? code}) before listening`);
      process.exitCode = 1;
      stopAll('SIGTERM');
      if (left === 0) process.exit(1);
      return;
    }
    console.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  process.on('SIGTERM', () => stopAll('SIGTERM'));
  process.on('SIGINT', () => {
    // From a terminal the workers got it too (one process group): a second signal would make them
    // skip their cleanup. Whoever is still running after the shutdown grace gets SIGTERM.
    stopping = true;
    setTimeout(() => stopAll('SIGTERM'), 6_000).unref();
  });
  for (let i = 0; i < count; i++) cluster.fork();
}
