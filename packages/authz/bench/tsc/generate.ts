// Writes .out/<N>/ for each size: a generated Drizzle schema, a baseline entry that uses the
// tables without codename types, an entry that calls defineModels over all of them, and a
// tsconfig per entry. Run from packages/authz: `tsx bench/tsc/generate.ts` (SIZES=500,1000,2000 by
// default; e.g. SIZES=4000 for one more).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { modelName } from '../../src/codenames.js';

const SIZES = (process.env.SIZES ?? '500,1000,2000').split(',').map(Number);
const APPS = 10;
const ACTIONS = ['view', 'add', 'change', 'delete'];
const here = import.meta.dirname;
const baseConfig = join(here, '../../../../tooling/typescript/base.json');

interface Table {
  app: string;
  key: string;
  ident: string;
  sqlName: string;
  model: string;
}

function tables(n: number): Table[] {
  return Array.from({ length: n }, (_, i) => {
    const a = i % APPS;
    const m = Math.floor(i / APPS);
    // Most SQL names carry the app prefix; some are CamelCase, with the prefix (stripped after
    // Lowercase) or without it (`PollOption` style), so every branch of ModelName runs. SQL names
    // stay unique: two tables of identical type would make codenameFor return both codenames.
    const sqlName =
      i % 5 === 0 ? `App${a}Model${m}` : i % 3 === 0 ? `App${a}_Model${m}` : `app${a}_model${m}`;
    const app = `app${a}`;
    return {
      app,
      key: `model${m}`,
      ident: `${app}_model${m}`,
      sqlName,
      model: modelName(sqlName, app),
    };
  });
}

function schema(ts: Table[]): string {
  const decls = ts.map((t) =>
    [
      `export const ${t.ident} = pgTable('${t.sqlName}', {`,
      `  id: integer('id').primaryKey(),`,
      `  name: text('name').notNull(),`,
      `  isActive: boolean('is_active').default(true),`,
      `  createdAt: timestamp('created_at').defaultNow(),`,
      '});',
    ].join('\n'),
  );
  return `import { boolean, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';\n\n${decls.join('\n')}\n`;
}

/** `{ app0: { model0: s.app0_model0, … }, … }`: the same literal in both entries. */
function appsLiteral(ts: Table[]): string {
  const apps = Array.from({ length: APPS }, (_, a) => {
    const entries = ts.filter((t) => t.app === `app${a}`).map((t) => `${t.key}: s.${t.ident}`);
    return `  app${a}: { ${entries.join(', ')} },`;
  });
  return `{\n${apps.join('\n')}\n}`;
}

function write(n: number): void {
  const dir = join(here, '.out', String(n));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const ts = tables(n);
  writeFileSync(join(dir, 'schema.ts'), schema(ts));

  // 20 tables spread over the schema and its apps (the `+ i` shifts the app), and a valid
  // codename (action cycling) for each.
  const picks = Array.from({ length: 20 }, (_, i) => ts[(i * Math.floor(n / 20) + i) % n] as Table);
  const literal = (t: Table, i: number) => `'${t.app}.${ACTIONS[i % 4]}_${t.model}'`;
  const literals = picks.map(literal);
  const first = picks[0] as Table;

  // Baseline: the same object literal and the same source files (the re-export keeps
  // src/registry.ts in the program), but codenames are plain strings. It must not instantiate
  // Registry<typeof apps, …>: its `TApps extends AppTables` check is the bulk of the cost measured.
  const baseline = [
    `import { getTableName } from 'drizzle-orm';`,
    `import { type AnyTable, asPgTable } from '../../../../src/codenames';`,
    `import * as s from './schema';`,
    `export type { Registry } from '../../../../src/registry';`,
    '',
    `export const apps = ${appsLiteral(ts)};`,
    'const accept = (c: string) => c;',
    ...literals.map((l) => `accept(${l});`),
    'const nameOf = (t: AnyTable) => getTableName(asPgTable(t));',
    ...picks.slice(0, 5).map((t) => `nameOf(apps.${t.app}.${t.key});`),
  ];

  const withCodenames = [
    `import type { CodenameArg } from '../../../../src/codename-arg';`,
    `import { defineModels } from '../../../../src/registry';`,
    `import * as s from './schema';`,
    '',
    `export const registry = defineModels(${appsLiteral(ts)}, {`,
    '  permissions: {',
    ...picks
      .slice(0, 5)
      .map(
        (t) =>
          `    '${t.app}.${t.model}': { can_publish: 'Can publish', can_archive: 'Can archive' },`,
      ),
    '  },',
    '});',
    'export type Codename = typeof registry.$codename;',
    'const accept = (c: Codename) => c;',
    ...literals.map((l) => `accept(${l});`),
    `accept('${first.app}.can_publish');`,
    '// @ts-expect-error not a model of this app',
    `accept('${first.app}.view_nosuchmodel');`,
    // The parameter type of hasPerm, grants.grant, can(), …: each literal checked, and a message
    // built for each wrong one (the app listing is the costly message: 50 models at 500 tables).
    'const check = <K extends string>(c: CodenameArg<K, Codename>) => c;',
    'const checkAll = <K extends string>(cs: readonly CodenameArg<K, Codename>[]) => cs;',
    ...literals.map((l) => `check(${l});`),
    `checkAll([${literals.join(', ')}]);`,
    "// @ts-expect-error Django docs' form: suggests the app's add_ codenames",
    `check('${first.app}.can_add');`,
    '// @ts-expect-error not a model of this app: lists the app',
    `check('${first.app}.view_nosuchmodel');`,
    '// @ts-expect-error no such app: lists the apps',
    `check('noapp.view_${first.model}');`,
    // The array assignment and the `string extends` test make tsc build and compare the whole union.
    `export const all: Codename[] = [${literals.join(', ')}];`,
    'export type Widened = string extends Codename ? true : false;',
    'export const widened: Widened = false;',
    ...picks
      .slice(0, 5)
      .map(
        (t, i) =>
          `export const for${i}: ${literal(t, i)} = registry.codenameFor(s.${t.ident}, '${ACTIONS[i % 4]}');`,
      ),
  ];

  writeFileSync(join(dir, 'baseline.ts'), `${baseline.join('\n')}\n`);
  writeFileSync(join(dir, 'with-codenames.ts'), `${withCodenames.join('\n')}\n`);
  const config = (entry: string) =>
    `${JSON.stringify({ extends: relative(dir, baseConfig), files: [entry] }, null, 2)}\n`;
  writeFileSync(join(dir, 'tsconfig.baseline.json'), config('baseline.ts'));
  writeFileSync(join(dir, 'tsconfig.with.json'), config('with-codenames.ts'));
}

for (const n of SIZES) write(n);
console.log(
  `wrote ${SIZES.map((n) => `.out/${n}`).join(', ')} in ${relative(process.cwd(), here)}`,
);
