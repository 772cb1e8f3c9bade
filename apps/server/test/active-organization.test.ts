import { ACTIVE_SCOPE_HEADER, registry, schema, seedDemo } from '@warden/api';
import { createGrants, within } from '@warden/authz';
import { describeEachBackend } from '@warden/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, Visitor } from './live-server.js';

// A request can act in an organization: the `x-warden-scope` header names it, and model-level
// checks then count what the user holds there (their roles and grants in it), `auth.me` answers
// for it (what the client's can() reads), and a create happens in it, needing the add permission
// there. Without the header, Django's rules: global grants only.
describeEachBackend('the active organization', (t) => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const org: Record<string, number> = {};
  let acmeEditor: Visitor;
  let viewer: Visitor;

  const call = async (
    who: Visitor,
    path: string,
    scope: string | undefined,
    body?: unknown,
  ): Promise<{ status: number; data: unknown }> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (scope !== undefined) headers[ACTIVE_SCOPE_HEADER] = scope;
    const res = await who.fetch(`${server.url}/trpc/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json: unknown = await res.json();
    const data = typeof json === 'object' && json !== null && 'result' in json ? json.result : json;
    return { status: res.status, data };
  };

  beforeAll(async () => {
    await seedDemo(t.db);
    for (const row of await t.db.select().from(schema.organization)) org[row.name] = row.id;
    // acme-editor may also add products, in Acme only (a grant within it).
    await createGrants({ db: t.db, registry }).grant(
      { user: { username: 'acme-editor' } },
      'shop.add_product',
      within(schema.organization, org.Acme ?? -1),
    );
    server = await startServer(t.handle);
    acmeEditor = await new Visitor(server.url).login('acme-editor', 'acme-editor-demo-pw');
    viewer = await new Visitor(server.url).login('viewer', 'viewer-demo-pw');
  });
  afterAll(() => server.close());

  it('answers auth.me for the organization the request acts in', async () => {
    const inAcme = await call(acmeEditor, 'auth.me', `orgs.organization:${org.Acme}`);
    expect(inAcme).toMatchObject({
      status: 200,
      data: {
        data: {
          permissions: ['shop.add_product', 'shop.change_product', 'shop.view_product'],
          activeOrganization: org.Acme,
          organizations: [{ id: org.Acme, name: 'Acme', roles: ['Shop editors'] }],
        },
      },
    });
    expect(await call(acmeEditor, 'auth.me', undefined)).toMatchObject({
      data: { data: { permissions: [], activeOrganization: null } },
    });
    // Naming an organization one has nothing in gives nothing.
    expect(await call(acmeEditor, 'auth.me', `orgs.organization:${org.Globex}`)).toMatchObject({
      data: { data: { permissions: [], activeOrganization: org.Globex } },
    });
    expect(await call(acmeEditor, 'auth.me', 'orgs.organization:abc')).toMatchObject({
      status: 400,
    });
  });

  it('lists in the active organization what the user may view, and nothing more', async () => {
    // Holding shop.view_product within Acme is not holding it everywhere: the list stays Acme's.
    const listed = await call(acmeEditor, 'shop.products.list', `orgs.organization:${org.Acme}`);
    expect(listed.status).toBe(200);
    expect(listed.data).toMatchObject({
      data: { items: [{ name: 'Teapot' }, { name: 'Kettle' }] },
    });
    expect(JSON.stringify(listed.data)).not.toMatch(/Mug|Spoon/);
  });

  it('creates in the active organization only with the add permission there', async () => {
    const made = await call(acmeEditor, 'shop.products.create', `orgs.organization:${org.Acme}`, {
      name: 'Saucer',
      priceCents: 500,
    });
    expect(made.status).toBe(200);
    const [saucer] = await t.db
      .select({ orgId: schema.product.orgId })
      .from(schema.product)
      .where(eq(schema.product.name, 'Saucer'));
    expect(saucer?.orgId).toBe(org.Acme);
    for (const scope of [`orgs.organization:${org.Globex}`, undefined]) {
      expect(
        (await call(acmeEditor, 'shop.products.create', scope, { name: 'Cup', priceCents: 1 }))
          .status,
      ).toBe(403);
    }
    // A global grant holds in every organization, and without one.
    expect((await call(viewer, 'auth.me', `orgs.organization:${org.Acme}`)).data).toMatchObject({
      data: { permissions: expect.arrayContaining(['shop.view_product']) },
    });
  });

  it('says where a permission is held when the request acts elsewhere, or nowhere', async () => {
    const refused = await call(acmeEditor, 'shop.products.create', undefined, {
      name: 'Cup',
      priceCents: 1,
    });
    expect(refused).toMatchObject({
      status: 403,
      data: { error: { data: { denial: { reason: 'missing-permission' } } } },
    });
    // Outside production the message says why: held in Acme only (the header would name it).
    expect(JSON.stringify(refused.data)).toContain(
      `held only within orgs.organization:${org.Acme} (act in one of them)`,
    );
  });

  it('answers a superuser naming an organization that does not exist with a 404, and creates nothing', async () => {
    const admin = await new Visitor(server.url).login('admin', 'admin-demo-pw');
    const missing = 'orgs.organization:999999';
    expect(
      (await call(admin, 'shop.products.create', missing, { name: 'Lost', priceCents: 1 })).status,
    ).toBe(404);
    expect((await call(admin, 'auth.me', missing)).status).toBe(404);
    const lost = await t.db.select().from(schema.product).where(eq(schema.product.name, 'Lost'));
    expect(lost).toEqual([]);
  });
});
