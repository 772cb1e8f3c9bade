import { defineConfig } from 'vitest/config';

// Every package's tests: node environment, forked workers (PGlite's WASM heap and postgres.js sockets
// stay per-process), and a JSON report that .ci/run sums into one closing line. The report is a turbo
// output, so a cache hit restores it too.
export const baseConfig = defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
  },
});

export default baseConfig;
