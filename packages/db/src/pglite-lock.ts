import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite is Postgres in this process: two processes on one data directory each believe they own
 * it, and the one that closes last overwrites the other's writes. That is how `manage grant`
 * beside a running server printed "granted", was never seen by the server, and was gone after a
 * restart. A pid file makes the second opener stop with this instead.
 */
export class DatabaseInUseError extends Error {
  override readonly name = 'DatabaseInUseError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the database at ${dataDir} is in use by process ${pid}: stop the server, or run this through it (the admin API), or set DATABASE_URL to a Postgres both can share`,
    );
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0); // signal 0: is there such a process (ours or not)?
    return true;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
};

/**
 * Takes the data directory for this process until `release()` (or exit). A pid file left by a
 * process that is gone (a crash, a kill -9) is taken over; one of a live process, this one
 * included, is a DatabaseInUseError.
 */
export function lockDataDir(dataDir: string): { release(): void } {
  const file = join(dataDir, 'warden.pid');
  const mine = String(process.pid);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, mine, { flag: 'wx' }); // exclusive create: atomic between processes
      break;
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
      const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
        throw new DatabaseInUseError(dataDir, holder);
      }
      if (attempt > 0) throw new DatabaseInUseError(dataDir, holder); // raced another taker
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  const release = () => {
    process.off('exit', release);
    try {
      if (readFileSync(file, 'utf8') === mine) rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
  process.on('exit', release);
  return { release };
}
