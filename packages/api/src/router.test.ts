import {
  assertEveryProcedureGuarded,
  formatManifest,
  permissionManifest,
} from '@warden/authz/trpc';
import { describe, expect, it } from 'vitest';
import { registry } from './registry.js';
import { appRouter } from './router.js';

// Every procedure accounted for: guarded by a permission class or open on purpose, and the
// manifest of who may call what kept as a reviewed file. A loosened guard changes
// permission-manifest.txt, so it shows in code review; update it with `vitest -u`.
describe('the app router', () => {
  it('guards every procedure or says why it is public', () => {
    expect(() => assertEveryProcedureGuarded(appRouter)).not.toThrow();
  });

  it('matches the reviewed permission manifest', async () => {
    await expect(
      `${formatManifest(permissionManifest(appRouter, { registry }))}\n`,
    ).toMatchFileSnapshot('./permission-manifest.txt');
  });
});
