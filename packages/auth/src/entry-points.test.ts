import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The drivers are optional peer dependencies: an app on node-postgres installs neither, so only
// the entry point named after a driver may load it. Followed through the sources' relative
// imports (type-only imports are erased from the built JavaScript, so they do not count).
const DRIVERS = ['postgres', '@electric-sql/pglite'];

/** Every package a module loads at run time, through its relative imports. */
function loadedPackages(entry: URL): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: URL) => {
    if (seen.has(file.href)) return;
    seen.add(file.href);
    const source = readFileSync(file, 'utf8');
    // `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')`.
    for (const [, kind = '', target = ''] of source.matchAll(
      /(?:^(?:import|export)(\s+type\b)?[^'"]*?from\s+|^import\s+|\bimport\(\s*)'([^']+)'/gm,
    )) {
      if (kind.trim() === 'type') continue;
      if (target.startsWith('.')) visit(new URL(target.replace(/\.js$/, '.ts'), file));
      else packages.add(target);
    }
  };
  visit(entry);
  return packages;
}

describe('entry points', () => {
  for (const entry of ['index.ts', 'schema.ts', 'trpc.ts', 'cli/index.ts', 'cli/main.ts']) {
    it(`${entry} loads no database driver`, () => {
      const loaded = loadedPackages(new URL(entry, import.meta.url));
      expect(loaded.size).toBeGreaterThan(0);
      expect([...loaded].filter((name) => DRIVERS.includes(name))).toEqual([]);
    });
  }

  it('each driver entry point loads its own driver and no other', () => {
    expect([...loadedPackages(new URL('postgres-js.ts', import.meta.url))]).toEqual(['postgres']);
    expect([...loadedPackages(new URL('pglite.ts', import.meta.url))]).toEqual([]);
  });
});
