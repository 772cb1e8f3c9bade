import type { ServerType } from '@hono/node-server';

/**
 * On SIGINT/SIGTERM: stop accepting connections, let in-flight requests finish (up to `graceMs`),
 * then run the cleanups in order (close the database last, so PGlite flushes everything it was
 * given) and exit 0. A second signal exits at once with 1.
 */
export function stopOnSignals(
  server: ServerType,
  cleanups: ReadonlyArray<() => Promise<void>>,
  graceMs = 5_000,
): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`${signal} again: exiting without cleanup`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: shutting down`);
    const force = setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections();
    }, graceMs);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    clearTimeout(force);
    let code = 0;
    for (const cleanup of cleanups) {
      try {
        await cleanup();
      } catch (error) {
        console.error('shutdown cleanup failed:', error);
        code = 1;
      }
    }
    console.log('stopped');
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void stop(signal));
  }
}
