import { readdirSync, readFileSync } from 'node:fs';
import { objectGrantCleanupSql } from '@warden/authz';
import { expect, it } from 'vitest';
import { registry } from '../src/registry.js';

// The object-grant cleanup triggers are DDL, so they live in a migration the deploy applies (the
// running server's role needs no DDL rights). The latest one must install what the registry asks
// for; after registering a table, write the next one (never edit an applied migration: a database
// that ran it would not run it again):
//   cd apps/server && PGLITE_DIR=$(mktemp -d) pnpm manage triggers --write ../../packages/api/drizzle
const folder = new URL('../drizzle/', import.meta.url);

it('the latest cleanup-trigger migration matches the registry', () => {
  const latest = readdirSync(folder)
    .filter((f) => /^\d{4}_warden_triggers\.sql$/.test(f))
    .sort()
    .at(-1);
  expect(latest, 'no NNNN_warden_triggers.sql in packages/api/drizzle').toBeDefined();
  const text = readFileSync(new URL(latest ?? '', folder), 'utf8');
  const [header, ...body] = text.split('\n');
  expect(header).toMatch(/^-- .*`warden triggers --write`/);
  expect(body.join('\n'), `${latest} is not what \`warden triggers --write\` writes now`).toBe(
    objectGrantCleanupSql(registry),
  );
  // The organizations' trigger ends their memberships and scope grants when one is deleted.
  expect(text).toContain('"orgs_organization_auth_object_grants"');
});
