import { createAuthz, readAuditLog } from '@warden/authz';
import { membership, user } from '@warden/authz/schema';
import { describeEachBackend } from '@warden/db/testing';
import { asc, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { seedDemo } from '../src/demo.js';
import { organization } from '../src/orgs/tables.js';
import { registry } from '../src/registry.js';
import { product } from '../src/shop/tables.js';

// The demo's migrations install the organizations' cleanup trigger (0003_warden_triggers.sql):
// deleting one ends its memberships with an audit record, as a revoke does, so an organization
// that later gets the same id does not inherit them; its products stay, outside any organization.
describeEachBackend('deleting a demo organization', (t) => {
  it('ends its members’ roles and keeps its products, for global grants only', async () => {
    await seedDemo(t.db);
    const authz = createAuthz({ db: t.db, registry });
    const [globexViewer] = await t.db.select().from(user).where(eq(user.username, 'globex-viewer'));
    const [globex] = await t.db.select().from(organization).where(eq(organization.name, 'Globex'));
    const [mug] = await t.db.select().from(product).where(eq(product.name, 'Mug'));
    if (!globexViewer || !globex || !mug) throw new Error('no demo data');
    expect(await authz.hasPerm(globexViewer, 'shop.view_product', mug)).toBe(true);

    await t.db.delete(organization).where(eq(organization.id, globex.id));

    expect(
      await t.db.select().from(membership).where(eq(membership.userId, globexViewer.id)),
    ).toEqual([]);
    const [record] = await readAuditLog(t.db, { action: 'remove-member' });
    expect(record).toMatchObject({ via: 'trigger', scope: `orgs.organization:${globex.id}` });
    const products = await t.db
      .select({ name: product.name, orgId: product.orgId })
      .from(product)
      .orderBy(asc(product.id));
    expect(products.filter((p) => p.orgId === null).map((p) => p.name)).toEqual(['Mug', 'Spoon']);
    const [mugNow] = await t.db.select().from(product).where(eq(product.id, mug.id));
    if (!mugNow) throw new Error('Mug is gone');
    expect(await authz.hasPerm(globexViewer, 'shop.view_product', mugNow)).toBe(false);
  });
});
