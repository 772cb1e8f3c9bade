import { describeEachBackend } from '@warden/db/testing';
import { count, eq, gt, max, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { product, registry } from '../test/fixture.js';
import { missingCleanupTriggers, objectGrantCleanupSql } from './cleanup-triggers.js';
import { createGrants } from './grants.js';
import { auditLog, userObjectPermission } from './schema.js';
import { syncPermissions } from './sync.js';

// The cleanup triggers as a migration: sync checks for them (no DDL at run time) and reports the
// tables that lack them; once the SQL of objectGrantCleanupSql ran, a deleted row takes its object
// grants with it.
describeEachBackend('object-grant cleanup triggers', (t) => {
  beforeAll(async () => {
    await t.db.execute(
      sql.raw(
        `create table if not exists shop_product (id integer primary key, name text not null,
          owner_id integer references auth_user (id) on delete set null)`,
      ),
    );
  });

  it("are reported missing by sync for the app's tables (authz's have theirs from its migrations)", async () => {
    const report = await syncPermissions(t.db, registry);
    expect(report.cleanupTriggers).toEqual([]);
    expect(report.missingTriggers).toEqual(['public.shop_product']);
    expect(objectGrantCleanupSql(registry)).not.toContain('auth_user');
  });

  it("clean a deleted user's object grants with authz's migrations alone", async () => {
    const grants = createGrants({ db: t.db, registry });
    const { id } = await grants.createUser({ username: 'gone', passwordHash: '' });
    const { id: other } = await grants.createUser({ username: 'stays', passwordHash: '' });
    await grants.grant({ user: other }, 'auth.change_user', id);
    const grantsOf = async () =>
      (await t.db.select({ n: count() }).from(userObjectPermission))[0]?.n;
    expect(await grantsOf()).toBe(1);
    await t.db.execute(sql`delete from auth_user where id = ${id}`);
    expect(await grantsOf()).toBe(0);
  });

  // Issue 24 #13: the grants a trigger removed vanished without a trace in the audit log.
  it('write an audit record for each object grant a deleted row took with it', async () => {
    const grants = createGrants({ db: t.db, registry });
    const { id: gone } = await grants.createUser({ username: 'audited-gone', passwordHash: '' });
    const { id: holder } = await grants.createUser({
      username: 'audited-holder',
      passwordHash: '',
    });
    const { id: team } = await grants.createGroup('audited-team');
    await grants.grant({ user: holder }, 'auth.change_user', gone);
    await grants.grant({ group: team }, 'auth.view_user', gone);
    const [{ last } = { last: 0 }] = await t.db.select({ last: max(auditLog.id) }).from(auditLog);
    await t.db.execute(sql`delete from auth_user where id = ${gone}`);
    const rows = await t.db
      .select()
      .from(auditLog)
      .where(gt(auditLog.id, last ?? 0))
      .orderBy(auditLog.id);
    const base = { action: 'revoke', via: 'trigger', actorId: null, objectPk: String(gone) };
    expect(rows).toEqual([
      expect.objectContaining({
        ...base,
        targetUserId: holder,
        targetGroupId: null,
        codename: 'auth.change_user',
        before: { objectDeleted: 'auth.user' },
      }),
      expect.objectContaining({
        ...base,
        targetUserId: null,
        targetGroupId: team,
        codename: 'auth.view_user',
        before: { objectDeleted: 'auth.user' },
      }),
    ]);
    // The database role that deleted the row: the trigger cannot know the application's user.
    expect(rows[0]?.actor).toMatch(/^database:\S+$/);
  });

  it('work once their SQL ran as a migration, with the same text in every database', async () => {
    const migration = objectGrantCleanupSql(registry);
    expect(migration).not.toMatch(/\d+::integer|content_type_id = \d/); // no database's ids in it
    for (const statement of migration.split('--> statement-breakpoint'))
      await t.db.execute(sql.raw(statement));
    expect(await missingCleanupTriggers(t.db, registry)).toEqual([]);
    expect((await syncPermissions(t.db, registry)).missingTriggers).toEqual([]);

    const [row] = await t.db.insert(product).values({ id: 41, name: 'lamp' }).returning();
    if (row === undefined) throw new Error('no row');
    const grants = createGrants({ db: t.db, registry });
    const { id } = await grants.createUser({ username: 'ann', passwordHash: '' });
    await grants.grant({ user: id }, 'shop.change_product', row.id);
    const grantsOf = async () =>
      (await t.db.select({ n: count() }).from(userObjectPermission))[0]?.n;
    expect(await grantsOf()).toBe(1);
    await t.db.delete(product).where(eq(product.id, row.id));
    expect(await grantsOf()).toBe(0);
  });
});
