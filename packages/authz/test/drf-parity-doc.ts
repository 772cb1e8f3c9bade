import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  cell,
  type DrfAnswer,
  deviationsOf,
  drfSuccess,
  MATRIX,
  type MatrixEntry,
  OPERATIONS,
  type Operation,
  type Outcome,
  USER_DESCRIPTIONS,
  USER_KINDS,
} from './drf-matrix.js';

// Renders the outcome tables of docs/drf-parity.md from test/drf-matrix.ts, between two markers;
// the prose around them is written by hand. `node --conditions=@warden/source --import tsx test/drf-parity-doc.ts` rewrites
// the section, and test/drf-parity-doc.test.ts fails while the page and the data disagree.

export const DOC = new URL('../../../docs/drf-parity.md', import.meta.url);
export const START =
  '<!-- generated from packages/authz/test/drf-matrix.ts by packages/authz/test/drf-parity-doc.ts: edit those, then run `pnpm --filter @warden/authz docs:drf-parity` -->';
export const END = '<!-- end of generated section -->';

const rows = (n: number) => `${n} ${n === 1 ? 'row' : 'rows'}`;

function showOutcome(outcome: Outcome): string {
  const listed = /^OK:(\d+)$/.exec(outcome);
  return listed?.[1] === undefined ? outcome : `OK, ${rows(Number(listed[1]))}`;
}

function showDrf(answer: DrfAnswer, operation: Operation): string {
  if (answer === 'ok') return String(drfSuccess(operation));
  const listed = /^ok:(\d+)$/.exec(answer);
  return listed?.[1] === undefined ? answer : `200, ${rows(Number(listed[1]))}`;
}

/** A markdown table padded as Biome formats it, so `pnpm format` leaves the page alone. */
function table(header: readonly string[], body: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(3, h.length, ...body.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    `| ${widths.map((w, i) => (cells[i] ?? '').padEnd(w)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
}

/**
 * A paragraph wrapped at 100 columns like the hand-written prose around it. A word that would start
 * a line as markdown syntax (a list item, a heading, a table) stays on the line before.
 */
function paragraph(text: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const fits = line === '' || line.length + 1 + word.length <= 100;
    if (fits || /^([-+*#|>]|\d+\.)/.test(word)) line = line === '' ? word : `${line} ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  return [...lines, line].join('\n');
}

function classSection(entry: MatrixEntry): string[] {
  const body = USER_KINDS.map((user) => [
    user,
    ...OPERATIONS.map((operation) => {
      const warden = showOutcome(cell(entry.outcomes[user], operation));
      const why = deviationsOf(entry, user, operation);
      if (why.length === 0) return warden;
      const drf = showDrf(cell(entry.drfAnswers[user], operation), operation);
      return `${warden} (DRF ${drf}, ${why.map((n) => `#${n}`).join(', ')})`;
    }),
  ]);
  const notes = entry.notes.flatMap((note) => [paragraph(note), '']);
  return [
    `### ${entry.drf}: \`${entry.warden}\``,
    '',
    ...notes,
    ...table(['user', ...OPERATIONS], body),
    '',
  ];
}

/** How many cells differ from DRF, by difference, over the whole matrix. */
function tally(): string {
  const counts = new Map<number, number>();
  let cells = 0;
  let differ = 0;
  for (const entry of MATRIX)
    for (const user of USER_KINDS)
      for (const operation of OPERATIONS) {
        cells += 1;
        const why = deviationsOf(entry, user, operation);
        if (why.length > 0) differ += 1;
        for (const n of why) counts.set(n, (counts.get(n) ?? 0) + 1);
      }
  const by = [...counts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([n, count]) => `#${n} in ${count}`)
    .join(', ');
  return `Of the ${cells} cells, ${differ} differ from DRF, each for a listed reason (${by}; a cell can have two). Every other cell is DRF's answer.`;
}

export function renderMatrix(): string {
  const operations: Record<Operation, readonly [string, string]> = {
    list: [
      "query; under a class that owes an object check on queries it filters with `ctx.objectsFor('shop.view_product')`, else it returns every row",
      '`GET /products/`: no object check',
    ],
    get: ['query; loads product 1 and calls `ctx.checkObject(row)`', '`GET /products/1/`'],
    create: [
      "mutation; the class is built with `{ mutation: 'add' }`; inserts product 31, with no object to check",
      '`POST /products/`',
    ],
    update: [
      "mutation; `{ mutation: 'change' }`; loads product 1, calls `ctx.checkObject(row)`, renames it",
      '`PUT /products/1/`',
    ],
    delete: [
      "mutation; `{ mutation: 'delete' }`; loads product 1, calls `ctx.checkObject(row)`, deletes it",
      '`DELETE /products/1/`',
    ],
  };
  const lines = [
    START,
    '',
    '## Outcomes per class',
    '',
    '**Users** (the order of the tables):',
    '',
    ...table(
      ['user', 'what they have'],
      USER_KINDS.map((user) => [user, USER_DESCRIPTIONS[user]]),
    ),
    '',
    paragraph(
      "**Operations**, written as the docs tell an adopter to write them, on a table `shop_product` of 30 rows. DRF's are a `ModelViewSet`'s, whose `get_object()` runs the object check:",
    ),
    '',
    ...table(
      ['operation', 'Warden procedure', 'DRF request'],
      OPERATIONS.map((operation) => [operation, ...operations[operation]]),
    ),
    '',
    paragraph(
      "**Cells** give Warden's answer: `OK` (with the number of rows for a list) or the `TRPCError` code. Where DRF answers otherwise, DRF's HTTP status follows with the numbers of the differences in [django-differences.md](django-differences.md) that explain it, as in `NOT_FOUND (DRF 200, #1)`. DRF's `403*` is `NotAuthenticated`, which is 401 under token or basic authentication, so every `UNAUTHORIZED` against it is #2. After every write the test reads the table: each refused call left it as it was, and each `OK` wrote.",
    ),
    '',
    paragraph(tally()),
    '',
    ...MATRIX.flatMap(classSection),
    END,
  ];
  return lines.join('\n');
}

/** The generated section of the page, markers included, or undefined when they are missing. */
export function generatedSection(doc: string): string | undefined {
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  return from < 0 || to < from ? undefined : doc.slice(from, to + END.length);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const doc = readFileSync(DOC, 'utf8');
  const current = generatedSection(doc);
  if (current === undefined)
    throw new Error(`${fileURLToPath(DOC)} has no markers ${START} … ${END}`);
  const at = doc.indexOf(current);
  writeFileSync(DOC, doc.slice(0, at) + renderMatrix() + doc.slice(at + current.length));
  console.log(`wrote the generated section of ${fileURLToPath(DOC)}`);
}
