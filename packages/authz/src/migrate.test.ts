import { describeEachBackend } from '@warden/db/testing';
import { expect, it } from 'vitest';
import { applyMigrations } from './migrate.js';
import { authzMigrations } from './migrations.js';

describeEachBackend('applyMigrations', (t) => {
  // Each block's database is a migrated copy: `t.empty()` starts from nothing.
  it('builds an empty database, and records each migration in the source’s own history', async () => {
    await t.empty();
    const reports = await applyMigrations(t.db, [authzMigrations]);
    expect(reports.map((r) => [r.source.migrationsTable, r.applied, r.total])).toEqual([
      ['__warden_authz_migrations', 7, 7],
    ]);
    expect(await t.tables()).toContain('drizzle.__warden_authz_migrations');
    expect(await t.tables()).toContain('public.auth_user');
  });

  it('applies nothing twice', async () => {
    const again = await applyMigrations(t.db, [authzMigrations]);
    expect(again.map((r) => [r.applied, r.total])).toEqual([[0, 7]]);
  });

  it('leaves nothing half done when a migration fails', async () => {
    await t.empty();
    const broken = { migrationsFolder: '/nonexistent', migrationsTable: '__broken_migrations' };
    await expect(applyMigrations(t.db, [authzMigrations, broken])).rejects.toThrow();
    expect(await t.tables()).toEqual([]);
    await applyMigrations(t.db, [authzMigrations]);
  });

  // Several processes of a deploy start at once, each with its own pool: the advisory lock makes
  // the later ones wait, then find nothing left to apply.
  it.skipIf(t.backend !== 'postgres')(
    'three pools migrating one empty database at once',
    async () => {
      await t.empty();
      const pools = await Promise.all([1, 2, 3].map(() => t.anotherPool(1)));
      try {
        const reports = await Promise.all(
          pools.map((p) => applyMigrations(p.db, [authzMigrations])),
        );
        expect(reports.map(([r]) => r?.applied).sort()).toEqual([0, 0, 7]);
        expect(reports.map(([r]) => r?.total)).toEqual([7, 7, 7]);
      } finally {
        await Promise.all(pools.map((p) => p.close()));
      }
    },
  );
});
