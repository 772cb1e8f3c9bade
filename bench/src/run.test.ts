import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// A smoke of `pnpm bench` (PGlite, half-second rounds): it starts its server, loads every
// scenario and prints the table. No figure is asserted: timings are for reading, never for CI.
it('runs and prints the table', async () => {
  const child = spawn(
    process.execPath,
    ['--conditions=@warden/source', '--import', 'tsx', 'src/run.ts'],
    {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: {
        ...process.env,
        BENCH_SOURCE: '1', // the packages' source: CI's test step has not built them
        BENCH_BACKENDS: 'pglite',
        BENCH_SECONDS: '0.5',
        BENCH_ROUNDS: '1',
        BENCH_CONNECTIONS: '4',
      },
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
  const [code] = await once(child, 'exit');
  expect(code, output).toBe(0);
  expect(output).toContain('### pglite, 1 process');
  for (const row of [
    'bare Hono + tRPC',
    'unprotected',
    'protected, session',
    'protected, API token',
  ])
    expect(output).toContain(`| ${row} | `);
}, 120_000);
