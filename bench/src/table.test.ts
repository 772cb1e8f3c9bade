import { describe, expect, it } from 'vitest';
import { formatTable } from './table.js';

describe('formatTable', () => {
  it('prints each row with its ratios to the base row', () => {
    const out = formatTable(
      'postgres',
      [
        { name: 'unprotected', rps: 1000, p50: 10, p99: 20, cpu: 400, bad: 0 },
        { name: 'protected', rps: 900, p50: 11, p99: 24, cpu: null, bad: 0 },
      ],
      'unprotected',
    );
    expect(out).toContain('| protected | 900 | 11 | 24 | 0.90× | 1.20× | – | – | 0 |');
    expect(out).toContain('| unprotected | 1000 | 10 | 20 | 1.00× | 1.00× | 400 | 1.00× | 0 |');
  });
});
