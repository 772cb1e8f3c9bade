import { describe, expect, it } from 'vitest';
import type { LoadResult } from './load.js';
import { pairedRows } from './paired.js';

const result = (name: string, rps: number, p99: number, cpu: number | null): LoadResult => ({
  name,
  rps,
  p50: 1,
  p99,
  cpu,
  bad: 0,
});

describe('pairedRows', () => {
  it('takes each ratio round by round, then the median', () => {
    // The machine slows down in round 2: both scenarios fall, their ratio holds.
    const runs = new Map([
      [
        'base',
        [
          result('base', 1000, 10, 200),
          result('base', 500, 20, 400),
          result('base', 1000, 10, 200),
        ],
      ],
      [
        'guarded',
        [
          result('guarded', 900, 11, 220),
          result('guarded', 450, 22, 440),
          result('guarded', 950, 12, 210),
        ],
      ],
    ]);
    const [base, guarded] = pairedRows(runs, 'base');
    expect(base?.vs).toEqual({ rps: 1, p99: 1, cpu: 1 });
    expect(guarded?.rounds).toEqual([0.9, 0.9, 0.95]);
    expect(guarded?.vs.rps).toBeCloseTo(0.9);
    expect(guarded?.vs.p99).toBeCloseTo(1.1);
    expect(guarded?.vs.cpu).toBeCloseTo(1.1);
    // The row's own figures are still the medians of its rounds.
    expect([guarded?.rps, guarded?.p99, guarded?.cpu]).toEqual([900, 12, 220]);
  });

  it('has no CPU ratio where a round could not read the CPU, and none without the base', () => {
    const runs = new Map([
      ['base', [result('base', 1000, 10, null)]],
      ['guarded', [result('guarded', 900, 11, 220)]],
    ]);
    expect(pairedRows(runs, 'base')[1]?.vs.cpu).toBeNull();
    expect(pairedRows(runs, 'missing')[1]?.vs.rps).toBeNaN();
  });
});
