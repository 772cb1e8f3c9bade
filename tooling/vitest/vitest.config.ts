import { defineConfig } from 'vitest/config';

// Every package's tests: node environment, forked workers (PGlite's WASM heap and postgres.js sockets
// stay per-process), and a JSON report that .ci/run sums into one closing line. The report is a turbo
// output, so a cache hit restores it too.
//
// Workspace packages resolve to their TypeScript sources through the `@warden/source` export
// condition (the published packages point at dist/); the rest are Vite's server defaults. Vitest
// loads globalSetup files in its own `__vitest__` environment, which needs the condition as well (a
// package's db-setup file imports the migration sources of other packages' sources).
const conditions = ['@warden/source', 'module', 'node', 'development|production'];

export const baseConfig = defineConfig({
  resolve: { conditions },
  environments: { __vitest__: { resolve: { conditions } } },
  ssr: { resolve: { conditions, externalConditions: ['@warden/source'] } },
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
