import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageOf, packageTable, packageTimes, readProfileOf } from './profile-packages.js';
import type { CpuProfile } from './profile-self.js';

const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
const pnpm = (pkg: string, file: string) =>
  `file:///w/node_modules/.pnpm/x@1/node_modules/${pkg}/${file}`;

const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(idle)', '') },
    { id: 2, callFrame: frame('_objectSpread2', pnpm('@trpc/server', 'dist/a.mjs')) },
    { id: 3, callFrame: frame('dispatch', pnpm('hono', 'dist/compose.js')) },
    { id: 4, callFrame: frame('identify', 'file:///w/packages/auth/dist/middleware.js') },
    { id: 5, callFrame: frame('(garbage collector)', '') },
    { id: 6, callFrame: frame('compile', 'node:internal/modules/esm/loader') },
    { id: 7, callFrame: frame('get signal', 'node:internal/abort_controller') },
  ],
  samples: [1, 2, 3, 4, 5, 6, 7],
  timeDeltas: [1000, 40, 20, 20, 10, 500, 10],
};

describe('packageOf', () => {
  it('names the package, workspace folder or runtime part a function is in', () => {
    expect(packageOf('_objectSpread2 @trpc/server/dist/a.mjs:227')).toBe('@trpc/server');
    expect(packageOf('dispatch hono/dist/compose.js:24')).toBe('hono');
    expect(packageOf('identify packages/auth/dist/middleware.js:54')).toBe('packages/auth');
    expect(packageOf('refuseHost apps/server/dist/allowed-hosts.js:37')).toBe('apps/server');
    expect(packageOf('get signal node:internal/abort_controller:383')).toBe('node');
    expect(packageOf('writev :0')).toBe('V8 builtins and native');
    expect(packageOf('(garbage collector) :0')).toBe('GC');
  });
});

describe('packageTimes', () => {
  it('shares out the CPU per request by package, without idle time or module loading', () => {
    expect(Object.fromEntries(packageTimes(profile, 200))).toEqual({
      '@trpc/server': 80,
      hono: 40,
      'packages/auth': 40,
      GC: 20,
      node: 20,
    });
  });
});

describe('readProfileOf', () => {
  it('finds the main thread’s profile of a process by its pid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
    writeFileSync(join(dir, 'CPU.20261207.221134.8766.1.002.cpuprofile'), '{"nodes":[]}');
    writeFileSync(join(dir, 'CPU.20261207.221134.8766.0.001.cpuprofile'), JSON.stringify(profile));
    expect(readProfileOf(dir, 8766)).toEqual(profile);
    expect(readProfileOf(dir, 876)).toBeUndefined();
  });
});

describe('packageTable', () => {
  it('lists the packages that differ most, after the totals', () => {
    const table = packageTable(
      {
        name: 'same',
        times: new Map([
          ['@trpc/server', 100],
          ['hono', 10],
        ]),
      },
      {
        name: 'app',
        times: new Map([
          ['@trpc/server', 120],
          ['hono', 11],
          ['packages/auth', 9],
        ]),
      },
      2,
    );
    expect(table.split('\n')).toEqual([
      '| package | same µs/req | app µs/req | difference |',
      '|---|---:|---:|---:|',
      '| (all) | 110.0 | 140.0 | 30.0 |',
      '| @trpc/server | 100.0 | 120.0 | 20.0 |',
      '| packages/auth | 0.0 | 9.0 | 9.0 |',
    ]);
  });
});
