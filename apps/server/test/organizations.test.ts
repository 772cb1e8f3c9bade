import { seedDemo } from '@warden/api';
import { describeEachBackend } from '@warden/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { codeOf, denialOf, startServer, Visitor } from './live-server.js';

// Issue 22's demo over real HTTP: Acme owns Teapot and Kettle, Globex owns Mug and Spoon;
// acme-editor is a member of Acme as a Shop editor (view and change products, there only) and
// globex-viewer a member of Globex as a Shop viewer. Their roles hold within their organization's
// products only, and the demo users from before keep what they could do.
describeEachBackend('organizations in the demo, over HTTP', (t) => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const as: Record<string, Visitor> = {};
  /** Product ids by name, as the viewer (who sees all four) lists them. */
  const id: Record<string, number> = {};

  beforeAll(async () => {
    await seedDemo(t.db);
    server = await startServer(t.handle);
    for (const name of ['acme-editor', 'globex-viewer', 'viewer', 'owner', 'editor', 'admin']) {
      as[name] = await new Visitor(server.url).login(name, `${name}-demo-pw`);
    }
    for (const p of (await v('viewer').shop.products.list.query()).items) id[p.name] = p.id;
  });
  afterAll(() => server.close());

  const v = (name: string) => {
    const visitor = as[name];
    if (!visitor) throw new Error(name);
    return visitor.trpc;
  };
  const productId = (name: string) => {
    const found = id[name];
    if (found === undefined) throw new Error(`no product ${name}`);
    return found;
  };
  const names = async (who: string) => {
    const page = await v(who).shop.products.list.query({ withTotal: true });
    expect(page.total).toBe(page.items.length);
    return page.items.map((p) => p.name);
  };

  it('lists to each member their own organization’s products only', async () => {
    expect(await names('acme-editor')).toEqual(['Teapot', 'Kettle']);
    expect(await names('globex-viewer')).toEqual(['Mug', 'Spoon']);
    // Their roles are memberships, not model grants: nothing global to hold.
    expect((await v('acme-editor').auth.me.query()).permissions).toEqual([]);
  });

  it('keeps what the demo users did before', async () => {
    expect(await names('viewer')).toEqual(['Teapot', 'Kettle', 'Mug', 'Spoon']);
    expect(await names('editor')).toEqual(['Teapot', 'Kettle', 'Mug', 'Spoon']);
    expect(await names('owner')).toEqual(['Teapot', 'Kettle']);
    expect(
      await codeOf(v('viewer').shop.products.update.mutate({ id: productId('Mug'), name: 'x' })),
    ).toBe('FORBIDDEN');
    expect(
      await codeOf(
        v('editor').shop.products.update.mutate({ id: productId('Mug'), priceCents: 900 }),
      ),
    ).toBe('OK');
    expect(
      await codeOf(
        v('owner').shop.products.update.mutate({ id: productId('Kettle'), priceCents: 4100 }),
      ),
    ).toBe('OK');
    expect(await codeOf(v('owner').shop.products.get.query({ id: productId('Mug') }))).toBe(
      'NOT_FOUND',
    );
  });

  it('lets acme-editor rename Teapot, and hides Mug from it as not found', async () => {
    const teapot = productId('Teapot');
    const mug = productId('Mug');
    expect((await v('acme-editor').shop.products.get.query({ id: teapot })).name).toBe('Teapot');
    const renamed = await v('acme-editor').shop.products.update.mutate({
      id: teapot,
      name: 'Acme Teapot',
    });
    expect(renamed?.name).toBe('Acme Teapot');
    expect(await names('viewer')).toContain('Acme Teapot');
    await v('acme-editor').shop.products.update.mutate({ id: teapot, name: 'Teapot' });

    expect(await codeOf(v('acme-editor').shop.products.get.query({ id: mug }))).toBe('NOT_FOUND');
    expect(
      await codeOf(v('acme-editor').shop.products.update.mutate({ id: mug, name: 'Acme Mug' })),
    ).toBe('NOT_FOUND');
    expect(await codeOf(v('acme-editor').shop.products.delete.mutate({ id: mug }))).toBe(
      'NOT_FOUND',
    );
    // A hidden product's refusal carries no denial: it does not say the product exists.
    expect(await denialOf(v('acme-editor').shop.products.get.query({ id: mug }))).toBeNull();
    // Its role may change, not delete, and not add (a create names no organization yet).
    expect(await denialOf(v('acme-editor').shop.products.delete.mutate({ id: teapot }))).toEqual({
      reason: 'denied-on-object',
      needs: ['shop.delete_product'],
    });
    expect(
      await codeOf(v('acme-editor').shop.products.create.mutate({ name: 'Pan', priceCents: 1 })),
    ).toBe('FORBIDDEN');
  });

  it('lets globex-viewer see Mug and Spoon and change nothing', async () => {
    const mug = productId('Mug');
    const spoon = productId('Spoon');
    const teapot = productId('Teapot');
    expect((await v('globex-viewer').shop.products.get.query({ id: mug })).name).toBe('Mug');
    expect(await codeOf(v('globex-viewer').shop.products.get.query({ id: teapot }))).toBe(
      'NOT_FOUND',
    );
    // Products it views: refused (403), naming what is missing; others: not found.
    expect(
      await denialOf(v('globex-viewer').shop.products.update.mutate({ id: mug, name: 'x' })),
    ).toEqual({ reason: 'denied-on-object', needs: ['shop.change_product'] });
    expect(await codeOf(v('globex-viewer').shop.products.delete.mutate({ id: spoon }))).toBe(
      'FORBIDDEN',
    );
    expect(
      await codeOf(v('globex-viewer').shop.products.update.mutate({ id: teapot, name: 'x' })),
    ).toBe('NOT_FOUND');
    expect(
      await codeOf(v('globex-viewer').shop.products.create.mutate({ name: 'Pan', priceCents: 1 })),
    ).toBe('FORBIDDEN');
    expect(await names('globex-viewer')).toEqual(['Mug', 'Spoon']);
  });

  it('answers abilities per product through the organization, leaving hidden ones out', async () => {
    const ids = ['Teapot', 'Kettle', 'Mug', 'Spoon'].map(productId);
    const [teapot = 0, kettle = 0, mug = 0, spoon = 0] = ids;
    expect(await v('acme-editor').shop.products.abilities.query({ ids })).toEqual({
      [teapot]: { change: true, delete: false },
      [kettle]: { change: true, delete: false },
    });
    expect(await v('globex-viewer').shop.products.abilities.query({ ids })).toEqual({
      [mug]: { change: false, delete: false },
      [spoon]: { change: false, delete: false },
    });
    expect(await v('owner').shop.products.abilities.query({ ids })).toEqual({
      [teapot]: { change: true, delete: true },
      [kettle]: { change: true, delete: true },
    });
  });

  it('explains a member’s permission by its role and organization', async () => {
    const users = await v('admin').admin.users.list.query({ search: 'acme-editor' });
    const acmeEditor = users.items.find((u) => u.username === 'acme-editor');
    if (!acmeEditor) throw new Error('no acme-editor');
    expect(
      await v('admin').admin.users.explain.query({
        id: acmeEditor.id,
        codename: 'shop.change_product',
        objectId: productId('Kettle'),
      }),
    ).toMatchObject({
      allowed: true,
      reason: 'membership',
      roles: ['Shop editors'],
      scope: 'orgs.organization:1',
    });
  });
});
