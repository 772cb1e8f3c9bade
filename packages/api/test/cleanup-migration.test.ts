import { objectGrantCleanupSql } from '@warden/authz';
import { expect, it } from 'vitest';
import { registry } from '../src/registry.js';

// The object-grant cleanup triggers are DDL, so they live in a migration the deploy applies (the
// running server's role needs no DDL rights). This keeps that migration equal to what the registry
// asks for; after registering a table, `CI= npx vitest run src/cleanup-migration.test.ts -u`
// rewrites it (for a new table, as a new migration: `drizzle-kit generate --custom`).
it('the cleanup-trigger migration matches the registry', async () => {
  const header =
    "-- The object-grant cleanup triggers of the app's own registered tables (objectGrantCleanupSql).\n";
  await expect(`${header}${objectGrantCleanupSql(registry)}`).toMatchFileSnapshot(
    '../drizzle/0001_object_grant_cleanup.sql',
  );
});
