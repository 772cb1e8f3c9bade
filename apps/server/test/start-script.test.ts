import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The README's run command, as a person or a process manager runs it: npx → pnpm → turbo → pnpm →
// node. Issue 24, #17: `npx pnpm start` runs pnpm through `sh -c`, and that shell (dash) neither
// passes SIGTERM on (it died at once, npx with it, and pnpm, turbo and the server ran on,
// orphaned) nor exits 0 after Ctrl-C (it re-raises the SIGINT it got when its child is done, so
// npx ended by SIGINT: 130 in a shell, with the server stopped cleanly). The README's command has
// npx's shell `exec` pnpm, so every signal reaches a process that passes it on and waits.
// (`--only` skips turbo's build of the web app: the chain of processes is the same, the minutes
// of building are not.)
const root = fileURLToPath(new URL('../../..', import.meta.url));

/** The README's command after `install &&`, with `--only` after `start`. */
function readmeStartCommand(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const line = readme.split('\n').find((l) => /install && .*\bstart'?$/.test(l));
  const command = line?.split(' && ')[1];
  if (command === undefined) throw new Error('no "… install && … start" line in README.md');
  return command.replace(/\bstart('?)$/, 'start --only$1');
}

function start(dir: string) {
  // `exec`: the command itself is the top process, as when a terminal or a supervisor runs it.
  const child = spawn('/bin/sh', ['-c', `exec ${readmeStartCommand()}`], {
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
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const listening = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening on http:/.test(output)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((how) =>
      reject(new Error(`exited (${JSON.stringify(how)}) before listening:\n${output}`)),
    );
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('no pid');
  return { pid, exited, listening, output: () => output };
}

const running = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("the README's run command, stopped", { timeout: 240_000 }, () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-start-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('with Ctrl-C: the server stops cleanly and the command exits 0', async () => {
    const server = start(newDir());
    await server.listening;
    process.kill(-server.pid, 'SIGINT'); // the whole group, as Ctrl-C
    expect(await server.exited, server.output()).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain('SIGINT: shutting down');
    expect(server.output()).toContain('stopped');
    expect(server.output()).not.toContain('ELIFECYCLE');
  });

  it('with SIGTERM to its top process: it exits 0 once the server has stopped, leaving none', async () => {
    const dir = newDir();
    const server = start(dir);
    await server.listening;
    // The server's own pid, from the PGlite directory it holds.
    const serverPid = Number(readFileSync(join(dir, 'pglite', 'warden.pid'), 'utf8'));
    expect(running(serverPid)).toBe(true);
    process.kill(server.pid, 'SIGTERM'); // the top process only, as a process manager does
    const how = await server.exited;
    // When the top process is gone, so is the server: nothing is left running, orphaned.
    const orphan = running(serverPid);
    if (orphan) {
      for (const target of [-server.pid, serverPid]) {
        try {
          process.kill(target, 'SIGKILL');
        } catch {}
      }
    }
    expect(orphan, `server ${serverPid} still running:\n${server.output()}`).toBe(false);
    expect(how, server.output()).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain('stopped');
  });
});
