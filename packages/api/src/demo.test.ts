import { describe, expect, it } from 'vitest';
import { demoLoginLines } from './demo.js';

describe('demoLoginLines', () => {
  it('aligns the columns on the longest login', () => {
    expect(
      demoLoginLines([
        { username: 'admin', password: 'admin-demo-pw', role: 'superuser' },
        { username: 'globex-viewer', password: 'globex-viewer-demo-pw', role: 'Shop viewer' },
      ]),
    ).toEqual([
      'admin         admin-demo-pw         superuser',
      'globex-viewer globex-viewer-demo-pw Shop viewer',
    ]);
  });
});
