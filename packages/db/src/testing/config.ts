import { fileURLToPath } from 'node:url';

/** Merge into a package's vitest config to get migrated test databases on every backend. */
export const dbTestConfig = {
  test: { globalSetup: [fileURLToPath(new URL('./global-setup.ts', import.meta.url))] },
};
