import { seedDemo } from '@warden/api';
import { describeEachBackend } from '@warden/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { codeOf, startServer, Visitor } from './live-server.js';

// The procedures the web app added (auth.myPermissions, auth.permissionNames,
// shop.products.abilities, admin.groupMembers, admin.objectGrants) over real HTTP.
describeEachBackend('web app procedures over HTTP', (t) => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const as: Record<string, Visitor> = {};
  const v = (name: string) => {
    const visitor = as[name];
    if (!visitor) throw new Error(name);
    return visitor.trpc;
  };

  beforeAll(async () => {
    await seedDemo(t.db);
    server = await startServer(t.handle);
    for (const name of ['admin', 'editor', 'voter', 'owner']) {
      as[name] = await new Visitor(server.url).login(name, `${name}-demo-pw`);
    }
    as.anonymous = new Visitor(server.url);
  });
  afterAll(() => server.close());

  it('explains where each permission comes from', async () => {
    const voter = await v('voter').auth.myPermissions.query();
    expect(voter.permissions).toContainEqual({
      codename: 'polls.can_vote',
      name: 'Can vote',
      sources: [{ kind: 'direct' }],
    });
    expect(voter.permissions).toContainEqual({
      codename: 'shop.view_product',
      name: 'Can view product',
      sources: [{ kind: 'group', group: 'Viewers' }],
    });
    const admin = await v('admin').auth.myPermissions.query();
    expect(admin.permissions.find((p) => p.codename === 'auth.change_user')?.sources).toEqual([
      { kind: 'superuser' },
    ]);
    expect(await codeOf(v('anonymous').auth.myPermissions.query())).toBe('UNAUTHORIZED');
  });

  it('names every codename for authenticated users only', async () => {
    const names = await v('owner').auth.permissionNames.query();
    expect(names).toContainEqual({ codename: 'polls.can_vote', name: 'Can vote' });
    expect(await codeOf(v('anonymous').auth.permissionNames.query())).toBe('UNAUTHORIZED');
  });

  it('answers per product what the user may change and delete', async () => {
    const { items } = await v('admin').shop.products.list.query();
    const id = (name: string) => items.find((p) => p.name === name)?.id ?? 0;
    const ids = [id('Teapot'), id('Mug')];
    // The owner may not view the Mug: it is left out, exactly as a product that does not exist.
    expect(await v('owner').shop.products.abilities.query({ ids })).toEqual({
      [id('Teapot')]: { change: true, delete: true },
    });
    expect(await v('editor').shop.products.abilities.query({ ids })).toEqual({
      [id('Teapot')]: { change: true, delete: false },
      [id('Mug')]: { change: true, delete: false },
    });
    expect(await v('anonymous').shop.products.abilities.query({ ids })).toEqual({});

    await v('admin').admin.grants.grant.mutate({
      target: { userId: (await v('voter').auth.me.query()).user?.id ?? 0 },
      codename: 'shop.delete_product',
      objectId: id('Mug'),
    });
    expect(await v('voter').shop.products.abilities.query({ ids: [id('Mug')] })).toEqual({
      [id('Mug')]: { change: false, delete: true },
    });
    const grants = await v('admin').admin.objectGrants.query({
      model: 'shop.product',
      objectId: id('Mug'),
    });
    expect(grants).toEqual({
      users: [expect.objectContaining({ username: 'voter', codename: 'shop.delete_product' })],
      groups: [],
    });
    expect(
      await codeOf(v('admin').admin.objectGrants.query({ model: 'shop.nothing', objectId: 1 })),
    ).toBe('BAD_REQUEST');
    expect(
      await codeOf(v('editor').admin.objectGrants.query({ model: 'shop.product', objectId: 1 })),
    ).toBe('FORBIDDEN');
  });

  // Issue 24 #8: abilities answered for products the caller may not view (an existence oracle:
  // `{ change: false, delete: false }` for a hidden product, nothing for a missing one), and ids
  // above int4 reached the database as a 500.
  it('tells a hidden product from a missing one in no way, and bounds ids to int4', async () => {
    const { items } = await v('admin').shop.products.list.query();
    const mug = items.find((p) => p.name === 'Mug')?.id ?? 0;
    const missing = Math.max(...items.map((p) => p.id)) + 1000;
    const hidden = await v('owner').shop.products.abilities.query({ ids: [mug] });
    const absent = await v('owner').shop.products.abilities.query({ ids: [missing] });
    expect(hidden).toEqual({});
    expect(hidden).toEqual(absent);
    expect(await codeOf(v('owner').shop.products.abilities.query({ ids: [2_147_483_648] }))).toBe(
      'BAD_REQUEST',
    );
    expect(await codeOf(v('owner').shop.products.abilities.query({ ids: [0] }))).toBe(
      'BAD_REQUEST',
    );
  });

  it('lists the members of a group for staff with auth.view_group', async () => {
    const groups = await v('admin').admin.groups.list.query();
    const viewers = groups.find((g) => g.name === 'Viewers');
    const members = await v('admin').admin.groupMembers.query({ id: viewers?.id ?? 0 });
    expect(members.map((m) => m.username)).toEqual(['viewer', 'voter']);
    expect(await codeOf(v('editor').admin.groupMembers.query({ id: viewers?.id ?? 0 }))).toBe(
      'FORBIDDEN',
    );
  });
});
