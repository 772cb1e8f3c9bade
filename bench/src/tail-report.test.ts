import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTail, readTail } from './tail-report.js';

const probe = {
  server: 'server',
  pid: 1,
  seconds: 40,
  requests: 10_000,
  delay: { p50: 10.2, p99: 14.56, max: 31 },
  gc: { count: 120, totalMs: 200, maxMs: 6.25, over10Ms: 0 },
};

describe('the tail report', () => {
  it('reads the probes of a run and prints one row per server', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tail-'));
    try {
      writeFileSync(join(dir, 'server-1.json'), JSON.stringify(probe));
      writeFileSync(
        join(dir, 'same-work-2.json'),
        JSON.stringify({ ...probe, server: 'same-work', pid: 2 }),
      );
      // Another run's probe in the same folder is not this run's.
      writeFileSync(join(dir, 'server-3.json'), JSON.stringify({ ...probe, pid: 3 }));
      const table = formatTail(readTail(dir, [1, 2])).split('\n');
      expect(table).toHaveLength(4);
      expect(table[2]).toBe('| same-work | 10000 | 10.2 | 14.6 | 31.0 | 120 | 20.0 | 6.3 | 0 |');
      expect(table[3]?.startsWith('| server |')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('refuses a file that is not a probe', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tail-'));
    try {
      writeFileSync(join(dir, 'x-4.json'), JSON.stringify({ server: 'x', seconds: 1 }));
      expect(() => readTail(dir, [4])).toThrow(/x-4.json is no tail probe/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
