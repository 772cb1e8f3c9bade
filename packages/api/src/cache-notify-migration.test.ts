import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { authMigrationsFolder } from '@warden/auth';
import { expect, it } from 'vitest';

// The credential cache's NOTIFY triggers are written once, in @warden/auth's migrations; an app
// composing its own schema (this one, as any adopter's) carries the same SQL in its own folder.
// This keeps the copy equal to the source: after auth's changes, `CI= npx vitest run
// src/cache-notify-migration.test.ts -u` rewrites it.
it("the cache-notify migration is @warden/auth's", async () => {
  const source = readFileSync(join(authMigrationsFolder, '0002_auth_cache_notify.sql'), 'utf8');
  await expect(source).toMatchFileSnapshot('../drizzle/0005_auth_cache_notify.sql');
});
