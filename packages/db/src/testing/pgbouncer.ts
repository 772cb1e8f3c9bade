import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wantedBackends } from './backends.js';
import { freePort, postgresAccount } from './throwaway-postgres.js';

/**
 * A PgBouncer of the test's own in front of a Postgres: `pool_mode = transaction`, trust
 * authentication, every database of the target (`* = host=… port=…`), on a free port of 127.0.0.1.
 * Debian's 1.18 tracks no protocol-level prepared statements (1.21 started to, with
 * `max_prepared_statements`): what `DATABASE_PREPARE` is about (docs/decisions/0015-pooler.md).
 */
export interface PgBouncer {
  /** Port on 127.0.0.1. */
  readonly port: number;
  /** `url` with PgBouncer's host and port: the same database, user and query, pooled. */
  pooled(url: string): string;
  /** What PgBouncer logged to stderr (connections, errors). */
  log(): string;
  /** Stops it (SIGTERM: immediate shutdown) and deletes its directory. Idempotent. */
  stop(): Promise<void>;
}

/** Where `pgbouncer` is, or why there is none. */
export type PgBouncerBinary = { found: true; path: string } | { found: false; reason: string };

/** `PGBOUNCER` (a path), else `pgbouncer` on PATH or in the sbin directories Debian puts it in. */
export function findPgBouncer(env = process.env): PgBouncerBinary {
  if (env.PGBOUNCER) {
    return existsSync(env.PGBOUNCER)
      ? { found: true, path: env.PGBOUNCER }
      : { found: false, reason: `PGBOUNCER=${env.PGBOUNCER} does not exist` };
  }
  const dirs = [...(env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin', '/usr/bin'];
  for (const dir of dirs) {
    if (dir && existsSync(join(dir, 'pgbouncer')))
      return { found: true, path: join(dir, 'pgbouncer') };
  }
  return {
    found: false,
    reason: 'no pgbouncer binary (apt-get install pgbouncer, or set PGBOUNCER)',
  };
}

/**
 * For a test file: the binary, or why its tests are skipped (said loudly). Not wanted when
 * `TEST_BACKENDS` leaves Postgres out; missing under `TEST_REQUIRE_POSTGRES=1` (CI installs it),
 * an error.
 */
export function pgBouncerForTests(env = process.env): PgBouncerBinary {
  if (!wantedBackends(env).includes('postgres')) {
    return { found: false, reason: `TEST_BACKENDS=${env.TEST_BACKENDS} leaves Postgres out` };
  }
  const binary = findPgBouncer(env);
  if (binary.found) return binary;
  if (env.TEST_REQUIRE_POSTGRES === '1') {
    throw new Error(`TEST_REQUIRE_POSTGRES=1, and PgBouncer cannot be started: ${binary.reason}`);
  }
  console.warn(`!!! tests through PgBouncer SKIPPED: ${binary.reason}`);
  return binary;
}

/** Starts PgBouncer in front of `target` (a Postgres URL: its host and port are used). */
export async function startPgBouncer(
  binary: string,
  target: string,
  { poolSize = 8 }: { poolSize?: number } = {},
): Promise<PgBouncer> {
  const as = process.getuid?.() === 0 ? postgresAccount() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'warden-pgbouncer-'));
  if (as !== undefined) chownSync(dir, as.uid, as.gid);
  const port = await freePort();
  const { hostname, port: targetPort } = new URL(target);
  writeFileSync(join(dir, 'userlist.txt'), '"postgres" ""\n');
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${hostname} port=${targetPort || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      // Fewer server connections than the clients' (3 nodes × their pools): sessions are shared.
      `default_pool_size = ${poolSize}`,
      'max_client_conn = 500',
      // node-postgres sends it; postgres.js does not. Harmless, and what a deployment sets.
      'ignore_startup_parameters = extra_float_digits',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(binary, [join(dir, 'pgbouncer.ini')], {
    ...as,
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = once(child, 'exit');
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Ready when it accepts a TCP connection.
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`pgbouncer exited (${child.exitCode}) before listening:\n${output}`);
    }
    if (await accepts(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`pgbouncer did not listen on 127.0.0.1:${port} within 20 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    pooled: (url: string) => {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    log: () => output,
    stop,
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
