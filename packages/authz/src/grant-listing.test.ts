import { describeEachBackend } from '@warden/db/testing';
import { beforeAll, expect, it } from 'vitest';
import { setUp } from '../test/fixture.js';
import { grantsOnObject, objectGrantsOf } from './grant-listing.js';

describeEachBackend('grant listings', (t) => {
  const ids = { ann: 0, bob: 0, editors: 0 };
  beforeAll(async () => {
    const { grants } = await setUp(t.db);
    ids.ann = (await grants.createUser({ username: 'ann', passwordHash: '' })).id;
    ids.bob = (await grants.createUser({ username: 'bob', passwordHash: '' })).id;
    ids.editors = (await grants.createGroup('Editors')).id;
    await grants.grant({ user: ids.ann }, 'shop.change_product', 7);
    await grants.grant({ user: ids.ann }, 'shop.delete_product', 7);
    await grants.grant({ user: ids.ann }, 'shop.change_product', 12);
    await grants.grant({ user: ids.bob }, 'shop.view_product', 7);
    await grants.grant({ group: ids.editors }, 'shop.change_product', 7);
    await grants.grant({ group: ids.editors }, 'shop.change_product'); // a model grant: not listed
  });

  it('lists the object grants of a user or a group, in codename then key order', async () => {
    expect(await objectGrantsOf(t.db, { user: ids.ann })).toEqual([
      { codename: 'shop.change_product', objectId: '12' },
      { codename: 'shop.change_product', objectId: '7' },
      { codename: 'shop.delete_product', objectId: '7' },
    ]);
    expect(await objectGrantsOf(t.db, { group: ids.editors })).toEqual([
      { codename: 'shop.change_product', objectId: '7' },
    ]);
    expect(await objectGrantsOf(t.db, { user: 999 })).toEqual([]);
  });

  it('lists who holds what on one object', async () => {
    expect(await grantsOnObject(t.db, { appLabel: 'shop', model: 'product' }, '7')).toEqual({
      users: [
        { id: ids.ann, username: 'ann', codename: 'shop.change_product' },
        { id: ids.ann, username: 'ann', codename: 'shop.delete_product' },
        { id: ids.bob, username: 'bob', codename: 'shop.view_product' },
      ],
      groups: [{ id: ids.editors, name: 'Editors', codename: 'shop.change_product' }],
    });
    expect(await grantsOnObject(t.db, { appLabel: 'shop', model: 'product' }, '8')).toEqual({
      users: [],
      groups: [],
    });
  });
});
