import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describeEachBackend } from '@warden/db/testing';
import { expect, it } from 'vitest';

const serverDir = fileURLToPath(new URL('..', import.meta.url));

/** `pnpm start` with WEB_CONCURRENCY=2, in a child process; what it printed and how it ended. */
function startTwo(env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--conditions=@warden/source', '--import', 'tsx', 'src/main.ts'],
    {
      cwd: serverDir,
      env: { PATH: process.env.PATH ?? '', PORT: '0', WEB_CONCURRENCY: '2', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = once(child, 'exit').then(([code]) => code);
  return { child, output: () => output, exited };
}

describeEachBackend('WEB_CONCURRENCY', (t) => {
  // Three real processes starting on a busy machine: minutes, not the default 30 s.
  const timeout = 180_000;

  it(
    t.backend === 'pglite'
      ? 'refuses more than one worker on PGlite'
      : 'runs two workers on one port, and stops them all on SIGTERM',
    async () => {
      if (t.backend === 'pglite' || t.url === undefined) {
        const server = startTwo({ PGLITE_DIR: '/nonexistent/never-created' });
        expect(await server.exited, server.output()).toBe(1);
        expect(server.output()).toContain('WEB_CONCURRENCY: more than 1 worker needs DATABASE_URL');
        return;
      }
      const server = startTwo({ DATABASE_URL: t.url });
      let urls: string[] = [];
      while (urls.length < 2) {
        urls = [...server.output().matchAll(/listening on (http:\/\/[\d.]+:\d+)/g)].map(
          (m) => m[1] ?? '',
        );
        if (server.child.exitCode !== null) throw new Error(server.output());
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(new Set(urls).size, server.output()).toBe(1); // one socket, shared
      // /auth/csrf needs no database: a slow one on a busy machine must not fail this test.
      for (let i = 0; i < 20; i++) {
        expect((await fetch(`${urls[0]}/auth/csrf`)).status, server.output()).toBe(200);
      }
      server.child.kill('SIGTERM');
      expect(await server.exited, server.output()).toBe(0);
      expect(server.output().match(/stopped/g)?.length, server.output()).toBe(2);
    },
    timeout,
  );
});
