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
import { SCOPED_MATRIX, SCOPED_USER_DESCRIPTIONS, SCOPED_USER_KINDS } from './scoped-matrix.js';

// Renders the outcome tables of docs/drf-parity.md from test/drf-matrix.ts (and those under scopes
// from test/scoped-matrix.ts), between two markers; the prose around them is written by hand.
// `node --conditions=@warden/source --import tsx test/drf-parity-doc.ts` rewrites the section, and
// test/drf-parity-doc.test.ts fails while the page and the data disagree.

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

function classSection<K extends string, C extends string>(
  entry: MatrixEntry<K, C>,
  kinds: readonly K[],
  heading = `### ${entry.drf}: \`${entry.warden}\``,
): string[] {
  const body = kinds.map((user) => [
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
  return [heading, '', ...notes, ...table(['user', ...OPERATIONS], body), ''];
}

/** How many cells of a matrix differ from DRF, by difference. */
function tally<K extends string, C extends string>(
  matrix: readonly MatrixEntry<K, C>[],
  kinds: readonly K[],
): string {
  const counts = new Map<number, number>();
  let cells = 0;
  let differ = 0;
  for (const entry of matrix)
    for (const user of kinds)
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
    paragraph(tally(MATRIX, USER_KINDS)),
    '',
    ...MATRIX.flatMap((entry) => classSection(entry, USER_KINDS)),
    ...scopedSection(),
    END,
  ];
  return lines.join('\n');
}

/** The scoped matrix (test/scoped-matrix.ts): its users, then one table a class. */
function scopedSection(): string[] {
  return [
    '## Outcomes under scopes',
    '',
    paragraph(
      'The same five operations on `orgs_task` of the scoped fixture (organization → project → task: organizations 1 to 3, two projects each, two tasks a project, so organization 1 holds tasks 1 to 4). Get, update and delete act on task 1 (project 1, organization 1); a create adds task 13 to project 1; the update renames task 1. The users hold their access through scopes only:',
    ),
    '',
    ...table(
      ['user', 'what they have'],
      SCOPED_USER_KINDS.map((user) => [user, SCOPED_USER_DESCRIPTIONS[user]]),
    ),
    '',
    paragraph(
      `DRF and guardian have no scopes (#14): to them each of these users holds nothing, so the DRF answer is that of a user without grants (\`plain\` above). ${tally(SCOPED_MATRIX, SCOPED_USER_KINDS)} Anonymous and inactive callers get what the tables above show.`,
    ),
    '',
    ...SCOPED_MATRIX.flatMap((entry) =>
      classSection(entry, SCOPED_USER_KINDS, `### ${entry.drf} under scopes: \`${entry.warden}\``),
    ),
  ];
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
