import type { AnyPgDatabase } from '@warden/authz';
import { defineModels } from '@warden/authz';
import { group, permission, user } from '@warden/authz/schema';
import { defineConfig } from '../src/cli/config.js';

// warden.config.js is checked as drizzle-kit's config is: both parts, of the right kinds.
// Compiled by `pnpm typecheck`, never run.
export function configNeedsARegistryAndADatabase(db: AnyPgDatabase) {
  const registry = defineModels({ auth: { user, group, permission } });
  defineConfig({ registry, db, close: () => undefined });
  // @ts-expect-error no database
  defineConfig({ registry });
  // @ts-expect-error a registry is not a list of tables
  defineConfig({ registry: [user], db });
}
