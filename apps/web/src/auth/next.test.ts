import { describe, expect, it } from 'vitest';
import { safeNext } from './next';

describe('safeNext', () => {
  it('keeps paths of this site, with their search', () => {
    expect(safeNext('/shop')).toBe('/shop');
    expect(safeNext('/admin/users?q=ann&page=2')).toBe('/admin/users?q=ann&page=2');
  });
  it('refuses anything that could leave the site', () => {
    for (const evil of [
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '',
      undefined,
      3,
    ])
      expect(safeNext(evil)).toBe('/');
  });
});
