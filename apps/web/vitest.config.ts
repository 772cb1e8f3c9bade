import { baseConfig } from '@warden/vitest-config';
import { mergeConfig } from 'vitest/config';

// Unit tests under src/, and the end-to-end tests under e2e/: one file, one server, one Chromium,
// so the run stays well under the 3-minute budget. Browsers are slow on a busy 2-core machine:
// the generous timeouts below are ceilings, never waits.
export default mergeConfig(baseConfig, {
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
