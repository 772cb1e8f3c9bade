import { describe, expect, it } from 'vitest';
import { allocatedBytes, type CpuProfile, selfTimes, selfTimeTable } from './profile-self.js';

const frame = (functionName: string, url: string, lineNumber = 0) => ({
  functionName,
  url,
  lineNumber,
});

const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', '') },
    { id: 2, callFrame: frame('(idle)', '') },
    {
      id: 3,
      callFrame: frame(
        'dispatch',
        'file:///w/node_modules/.pnpm/hono@4.0.0/node_modules/hono/dist/compose.js',
        22,
      ),
    },
    { id: 4, callFrame: frame('', 'file:///w/apps/server/dist/front-door.js', 8) },
    { id: 5, callFrame: frame('post', 'node:inspector', 110), children: [6] },
    { id: 6, callFrame: frame('dispatch', '') },
  ],
  samples: [3, 2, 4, 3, 1, 6],
  timeDeltas: [10, 500, 20, 30, 5, 700],
};

describe('selfTimes', () => {
  it('sums each function’s sampled intervals, named from its package or workspace folder, without idle or the profiler’s own', () => {
    const times = selfTimes([profile, profile]);
    expect(Object.fromEntries(times)).toEqual({
      'dispatch hono/dist/compose.js:23': 80,
      '(anonymous) apps/server/dist/front-door.js:9': 40,
      '(root) :1': 10,
    });
  });
});

describe('selfTimeTable', () => {
  it('puts the largest differences per request first, after the totals', () => {
    const table = selfTimeTable(
      {
        name: 'same',
        times: new Map([
          ['a', 100],
          ['b', 100],
        ]),
        requests: 10,
      },
      {
        name: 'guarded',
        times: new Map([
          ['a', 110],
          ['b', 300],
          ['c', 50],
        ]),
        requests: 10,
      },
      2,
    );
    expect(table.split('\n')).toEqual([
      '| function | same µs/req | guarded µs/req | difference |',
      '|---|---:|---:|---:|',
      '| (all, profiled) | 20.00 | 46.00 | 26.00 |',
      '| `b` | 10.00 | 30.00 | 20.00 |',
      '| `c` | 0.00 | 5.00 | 5.00 |',
    ]);
  });
});

describe('allocatedBytes', () => {
  it('adds up the own size of every node of the tree', () => {
    const leaf = (selfSize: number) => ({ selfSize, children: [] });
    const head = {
      selfSize: 0,
      children: [{ selfSize: 100, children: [leaf(20), leaf(3)] }, leaf(7)],
    };
    expect(allocatedBytes({ head })).toBe(130);
  });
});
