import { describe, expect, it } from 'vitest';
import type { Row } from './paired.js';
import { formatTable } from './table.js';

const row = (name: string, rest: Omit<Row, 'name' | 'p50' | 'bad'>): Row => ({
  name,
  p50: 10,
  bad: 0,
  ...rest,
});

describe('formatTable', () => {
  it('prints each row with its ratios to the base row, then the rounds behind them', () => {
    const out = formatTable(
      'postgres',
      [
        row('unprotected', {
          rps: 1000,
          p99: 20,
          cpu: 400,
          vs: { rps: 1, p99: 1, cpu: 1 },
          rounds: [1, 1],
        }),
        row('protected', {
          rps: 900,
          p99: 24,
          cpu: null,
          vs: { rps: 0.9, p99: 1.2, cpu: null },
          rounds: [0.88, 0.92],
        }),
      ],
      'unprotected',
    );
    expect(out).toContain('| protected | 900 | 10.00 | 24.00 | 0.90× | 1.20× | – | – | 0 |');
    expect(out).toContain(
      '| unprotected | 1000 | 10.00 | 20.00 | 1.00× | 1.00× | 400 | 1.00× | 0 |',
    );
    expect(out).toContain('- protected: 0.88 0.92');
    expect(out).not.toContain('- unprotected:');
  });

  it('prints a dash for a ratio that could not be measured', () => {
    const out = formatTable(
      'pglite',
      [
        row('protected', {
          rps: 900,
          p99: 24,
          cpu: 300,
          vs: { rps: Number.NaN, p99: Number.NaN, cpu: null },
          rounds: [],
        }),
      ],
      'unprotected',
    );
    expect(out).toContain('| protected | 900 | 10.00 | 24.00 | – | – | 300 | – | 0 |');
  });

  it('leaves out the rounds when the base row was not in the run', () => {
    const out = formatTable(
      'postgres',
      [
        row('protected', {
          rps: 900,
          p99: 24,
          cpu: 300,
          vs: { rps: Number.NaN, p99: Number.NaN, cpu: null },
          rounds: [Number.NaN, Number.NaN],
        }),
      ],
      'unprotected',
    );
    expect(out).toContain('| protected | 900 |');
    expect(out).not.toContain('round by round');
    expect(out).not.toContain('NaN');
  });
});
