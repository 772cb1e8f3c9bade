import { describe, expect, it } from 'vitest';
import { latencyLog } from './latency.js';

describe('latencyLog', () => {
  it('gives the nearest-rank percentile of what it recorded, in any order', () => {
    const log = latencyLog();
    for (const ms of [5.5, 1.25, 3, 2, 4]) log.record(ms);
    expect(log.percentile(0.5)).toBe(3);
    expect(log.percentile(0.99)).toBe(5.5);
    expect(log.percentile(0.2)).toBe(1.25);
    expect(log.percentile(1)).toBe(5.5);
  });

  it('keeps fractions of a millisecond, where a histogram of whole ones rounds them', () => {
    const log = latencyLog();
    for (let i = 1; i <= 100; i++) log.record(10 + i / 100);
    expect(log.percentile(0.99)).toBeCloseTo(10.99, 10);
  });

  it('records after a percentile was read', () => {
    const log = latencyLog();
    log.record(2);
    expect(log.percentile(0.5)).toBe(2);
    log.record(1);
    expect(log.percentile(0.5)).toBe(1);
  });

  it('is NaN when nothing was recorded, and refuses a quantile outside (0, 1]', () => {
    expect(latencyLog().percentile(0.99)).toBeNaN();
    expect(() => latencyLog().percentile(0)).toThrow(RangeError);
    expect(() => latencyLog().percentile(99)).toThrow(RangeError);
  });
});
