import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// `pnpm start` as a person runs it: pnpm → sh → turbo → pnpm → sh → node, and Ctrl-C, which the
// terminal sends as SIGINT to the whole foreground process group. Each pnpm ran its script through
// `sh -c`; dash, waiting on its child, died of the SIGINT itself after the child had exited 0, and
// pnpm reported that as `ELIFECYCLE Command failed` with 130. Both start scripts now `exec` their
// command, so each pnpm waits on the process that really exits. (`--only` skips turbo's build of
// the web app: the chain of processes is the same, the minutes of building are not.)
const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('pnpm start, stopped with Ctrl-C', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-start-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 without ELIFECYCLE', async () => {
    const child = spawn('pnpm', ['start', '--only'], {
      cwd: root,
      // Its own process group, as a terminal's foreground job is.
      detached: true,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? dir,
        PORT: '0',
        PGLITE_DIR: join(dir, 'pglite'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    const listening = new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (/listening on http:/.test(output)) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exited.then((code) =>
        reject(new Error(`exited (${code}) before listening:\n${output}`)),
      );
    });
    await listening;
    const pid = child.pid;
    if (pid === undefined) throw new Error('no pid');
    process.kill(-pid, 'SIGINT'); // the whole group, as Ctrl-C
    expect(await exited).toBe(0);
    expect(output).toContain('SIGINT: shutting down');
    expect(output).toContain('stopped');
    expect(output).not.toContain('ELIFECYCLE');
  });
});
