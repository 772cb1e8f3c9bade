import { describeEachBackend } from '@warden/db/testing';
import { expect, it } from 'vitest';
import { loadModelPermissions, type PermissionRow, primeModelPermissions } from './model-perms.js';

describeEachBackend('primeModelPermissions', (t) => {
  const rows: PermissionRow[] = [
    { codename: 'shop.view_product', source: 'group' },
    { codename: 'shop.change_product', source: 'user' },
  ];

  it('answers each primed user without a query', async () => {
    const ann = { id: 1, isActive: true, isSuperuser: false };
    primeModelPermissions(ann, rows);
    const counting = t.counting();
    const perms = await loadModelPermissions(counting.db, ann);
    expect(counting.statements()).toBe(0);
    expect([...perms.all].sort()).toEqual(['shop.change_product', 'shop.view_product']);
    expect([...perms.user]).toEqual(['shop.change_product']);
  });

  // auth's credential cache primes every request's own user object from one cached array.
  it('builds the sets of one array of rows once, for every user object primed from it', async () => {
    const first = { id: 1, isActive: true, isSuperuser: false };
    const second = { ...first };
    primeModelPermissions(first, rows);
    primeModelPermissions(second, rows);
    expect(await loadModelPermissions(t.db, second)).toBe(await loadModelPermissions(t.db, first));
    const third = { ...first };
    primeModelPermissions(third, [...rows]);
    expect(await loadModelPermissions(t.db, third)).not.toBe(
      await loadModelPermissions(t.db, first),
    );
  });
});
