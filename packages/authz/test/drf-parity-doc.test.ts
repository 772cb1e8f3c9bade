import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { deviationsOf, MATRIX, OPERATIONS, USER_KINDS } from './drf-matrix.js';
import { DOC, generatedSection, renderMatrix } from './drf-parity-doc.js';
import { SCOPED_MATRIX, SCOPED_USER_KINDS } from './scoped-matrix.js';

// docs/drf-parity.md shows the matrix the tests run: its generated section must be the rendering
// of test/drf-matrix.ts (`pnpm --filter @warden/authz docs:drf-parity` rewrites it).

it('shows test/drf-matrix.ts in docs/drf-parity.md', () => {
  expect(generatedSection(readFileSync(DOC, 'utf8'))).toBe(renderMatrix());
});

it('cites only differences that docs/django-differences.md lists', () => {
  const differences = readFileSync(
    new URL('../../../docs/django-differences.md', import.meta.url),
    'utf8',
  );
  const listed = new Set([...differences.matchAll(/^\| (\d+) +\|/gm)].map((m) => Number(m[1])));
  const cited = new Set([
    ...MATRIX.flatMap((entry) =>
      USER_KINDS.flatMap((user) => OPERATIONS.flatMap((op) => deviationsOf(entry, user, op))),
    ),
    ...SCOPED_MATRIX.flatMap((entry) =>
      SCOPED_USER_KINDS.flatMap((user) =>
        OPERATIONS.flatMap((op) => deviationsOf(entry, user, op)),
      ),
    ),
  ]);
  expect([...cited].filter((n) => !listed.has(n))).toEqual([]);
});
