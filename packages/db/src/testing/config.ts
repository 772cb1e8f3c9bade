import { fileURLToPath } from 'node:url';

/**
 * Merge into a package's vitest config: every `describeEachBackend` block then gets its own
 * database, migrated with the sources that `setupFile` (a module whose default export is
 * `migratedTemplates(sources, applyMigrations)`) names, on PGlite and (when reachable) on Postgres.
 *
 * @example
 * export default mergeConfig(baseConfig, dbTestConfig(new URL('./test/db-setup.ts', import.meta.url)));
 */
export function dbTestConfig(setupFile: URL) {
  return { test: { globalSetup: [fileURLToPath(setupFile)] } };
}
