import { fileURLToPath } from 'node:url';

/**
 * Merge into a package's vitest config: every `describeEachBackend` block then gets its own database,
 * migrated with `migrationsFolder`, on PGlite and (when reachable) on Postgres.
 */
export function dbTestConfig(migrationsFolder: string) {
  return {
    test: {
      globalSetup: [fileURLToPath(new URL('./global-setup.ts', import.meta.url))],
      provide: { 'warden:migrationsFolder': migrationsFolder },
    },
  };
}
