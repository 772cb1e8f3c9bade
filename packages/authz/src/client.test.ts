import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { heldPermissions, permissionName } from './client.js';

type Codename = 'shop.add_product' | 'shop.view_product' | 'polls.can_vote';

describe('@warden/authz/client', () => {
  it('answers can() from the held codenames', () => {
    const perms = heldPermissions<Codename>(['shop.view_product', 'polls.can_vote']);
    expect(perms.can('shop.view_product')).toBe(true);
    expect(perms.can('shop.add_product')).toBe(false);
    expect(perms.canAny('shop.add_product', 'polls.can_vote')).toBe(true);
    expect(perms.canAny()).toBe(false);
    expect(perms.size).toBe(2);
  });

  it('types can() with the application codename union', () => {
    const perms = heldPermissions<Codename>([]);
    expectTypeOf(perms.can).parameter(0).toEqualTypeOf<Codename>();
    // @ts-expect-error: the classic mistake is a compile error on the client as on the server
    perms.can('shop.can_add');
  });

  it('takes the union from the codenames it is given, and refuses plain strings', () => {
    const fromServer: Codename[] = ['shop.view_product'];
    expectTypeOf(heldPermissions(fromServer).can).parameter(0).toEqualTypeOf<Codename>();
    const strings: string[] = ['shop.view_product'];
    // @ts-expect-error: a string[] claimed to be codenames would hide a server that sends others
    heldPermissions<Codename>(strings);
  });

  it('names permissions as Django does', () => {
    expect(permissionName('shop.add_product')).toBe('Can add product');
    expect(permissionName('polls.view_polloption')).toBe('Can view polloption');
    expect(permissionName('polls.can_vote')).toBe('Can vote');
    expect(permissionName('polls.can_vote', { 'polls.can_vote': 'May vote' })).toBe('May vote');
    expect(permissionName('weird')).toBe('weird');
  });

  it('bundles for the browser without Node built-ins or the Drizzle runtime', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./client.ts', import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((f) => /node_modules|drizzle/.test(f))).toEqual([]);
    expect(result.outputFiles[0]?.text).not.toMatch(/from ["']node:/);
  });

  it('fails that check for a module that imports a Node built-in', async () => {
    // The check above would be worthless if esbuild quietly accepted node: imports for the browser.
    await expect(
      build({
        stdin: { contents: "import { readFileSync } from 'node:fs'; console.log(readFileSync);" },
        bundle: true,
        platform: 'browser',
        write: false,
        logLevel: 'silent',
      }),
    ).rejects.toThrow(/node:fs/);
  });
});
