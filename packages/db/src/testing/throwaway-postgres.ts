import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wantedBackends } from './backends.js';

/**
 * A Postgres server of the test's own, to stop and start: an outage test must stop a real server
 * (a proxy that refuses connections is not one: a stopping Postgres ends its sessions with FATAL
 * 57P01, refuses new ones with 57P03 while it shuts down, then nothing listens), and the shared
 * Postgres of the other suites cannot be stopped under them. `initdb` into a temporary directory,
 * `pg_ctl` on a free port of 127.0.0.1 (its Unix socket in the same directory); about 1–2 s.
 */
export interface ThrowawayPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`, trust authentication. */
  readonly url: string;
  /** `pg_ctl stop -m <mode> -w`: returns once the server is gone. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** `pg_ctl start -w` on the same port: returns once it accepts connections. */
  start(): Promise<void>;
  /** Stops it (immediate) and deletes its directory. Idempotent. */
  destroy(): Promise<void>;
}

/** Where `initdb` and `pg_ctl` are, or why there are none. */
export type PostgresBinaries = { found: true; bindir: string } | { found: false; reason: string };

/**
 * `PG_BINDIR`, else the newest `/usr/lib/postgresql/<version>/bin` (Debian's packages put them
 * there, not on PATH), else a directory on PATH holding both.
 */
export function findPostgresBinaries(env = process.env): PostgresBinaries {
  const has = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
  if (env.PG_BINDIR) {
    return has(env.PG_BINDIR)
      ? { found: true, bindir: env.PG_BINDIR }
      : { found: false, reason: `PG_BINDIR=${env.PG_BINDIR} has no initdb and pg_ctl` };
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions)
      if (has(join(debian, v, 'bin'))) return { found: true, bindir: join(debian, v, 'bin') };
  }
  for (const dir of (env.PATH ?? '').split(':'))
    if (dir && has(dir)) return { found: true, bindir: dir };
  return {
    found: false,
    reason: 'no initdb and pg_ctl (apt-get install postgresql, or set PG_BINDIR)',
  };
}

/**
 * The uid and gid of the `postgres` account, from /etc/passwd (Postgres refuses to run as root,
 * and so does PgBouncer).
 */
export function postgresAccount(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) {
    throw new Error('running as root, and there is no postgres account to run Postgres as');
  }
  return { uid: Number(uid), gid: Number(gid) };
}

function run(file: string, args: readonly string[], as: { uid: number; gid: number } | undefined) {
  return new Promise<void>((resolve, reject) => {
    execFile(file, args, { ...as, timeout: 60_000 }, (error, stdout, stderr) =>
      error
        ? reject(
            new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`),
          )
        : resolve(),
    );
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

export async function startThrowawayPostgres(bindir: string): Promise<ThrowawayPostgres> {
  const as = process.getuid?.() === 0 ? postgresAccount() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'warden-pg-'));
  if (as !== undefined) chownSync(dir, as.uid, as.gid);
  const data = join(dir, 'data');
  const port = await freePort();
  const pgCtl = join(bindir, 'pg_ctl');
  // fsync off: the data is thrown away; a stop must not wait for the disk of a busy machine.
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  await run(
    join(bindir, 'initdb'),
    ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'],
    as,
  );
  const start = () =>
    run(
      pgCtl,
      ['-D', data, '-o', serverOptions, '-l', join(dir, 'log'), '-w', '-t', '60', 'start'],
      as,
    );
  const stop = (mode: 'fast' | 'immediate' = 'fast') =>
    run(pgCtl, ['-D', data, '-m', mode, '-w', '-t', '60', 'stop'], as);
  await start();
  let destroyed = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy: async () => {
      if (destroyed) return;
      destroyed = true;
      if (existsSync(join(data, 'postmaster.pid'))) await stop('immediate').catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * For a test file: the binaries, or why its tests are skipped (said loudly). Not wanted when
 * `TEST_BACKENDS` leaves Postgres out; missing under `TEST_REQUIRE_POSTGRES=1` (CI), an error.
 */
export function postgresBinariesForTests(env = process.env): PostgresBinaries {
  if (!wantedBackends(env).includes('postgres')) {
    return { found: false, reason: `TEST_BACKENDS=${env.TEST_BACKENDS} leaves Postgres out` };
  }
  const binaries = findPostgresBinaries(env);
  if (binaries.found) return binaries;
  if (env.TEST_REQUIRE_POSTGRES === '1') {
    throw new Error(
      `TEST_REQUIRE_POSTGRES=1, and a throwaway Postgres cannot be made: ${binaries.reason}`,
    );
  }
  console.warn(`!!! tests of a stopped Postgres SKIPPED: ${binaries.reason}`);
  return binaries;
}
