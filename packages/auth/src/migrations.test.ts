import { applyMigrations } from '@warden/authz';
import { describeEachBackend } from '@warden/db/testing';
import { expect, it } from 'vitest';
import { authMigrations, wardenMigrations } from './migrations.js';

describeEachBackend('wardenMigrations', (t) => {
  it("builds an empty database from authz's folder, then auth's, each with its own history", async () => {
    await t.empty(); // this block's database is a migrated copy

    const reports = await applyMigrations(t.db, wardenMigrations);
    expect(reports.map((r) => [r.source.migrationsTable, r.applied, r.total])).toEqual([
      ['__warden_authz_migrations', 7, 7],
      ['__warden_auth_migrations', 5, 5],
    ]);
    expect(await t.tables()).toEqual([
      'drizzle.__warden_auth_migrations',
      'drizzle.__warden_authz_migrations',
      'public.auth_api_token',
      'public.auth_audit_log',
      'public.auth_content_type',
      'public.auth_group',
      'public.auth_group_object_permission',
      'public.auth_group_permissions',
      'public.auth_group_scope_permission',
      'public.auth_invitation',
      'public.auth_invitation_role',
      'public.auth_login_throttle',
      'public.auth_membership',
      'public.auth_permission',
      'public.auth_session',
      'public.auth_user',
      'public.auth_user_groups',
      'public.auth_user_object_permission',
      'public.auth_user_scope_permission',
      'public.auth_user_user_permissions',
    ]);
  });

  it('applies nothing twice', async () => {
    const again = await applyMigrations(t.db, [authMigrations]);
    expect(again.map((r) => [r.applied, r.total])).toEqual([[0, 5]]);
  });
});
