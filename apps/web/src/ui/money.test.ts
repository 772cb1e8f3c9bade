import { describe, expect, it } from 'vitest';
import { formatPrice, parsePrice } from './money';

describe('prices', () => {
  it('formats cents as euros', () => {
    expect(formatPrice(2500)).toBe('€25.00');
    expect(formatPrice(5)).toBe('€0.05');
  });
  it('parses what people type', () => {
    expect(parsePrice('25')).toBe(2500);
    expect(parsePrice(' 4,5 ')).toBe(450);
    expect(parsePrice('0.07')).toBe(7);
    expect(parsePrice('1.005')).toBeNull();
    expect(parsePrice('-3')).toBeNull();
    expect(parsePrice('')).toBeNull();
  });
});
