import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';

let t = performance.now();
const a = await PGlite.create();
await a.query('select 1');
console.log('cold create', (performance.now() - t).toFixed(0), 'ms');
const sql = readFileSync('drizzle/0000_auth_tables.sql', 'utf8')
  .split('--> statement-breakpoint')
  .join('');
t = performance.now();
await a.exec(sql);
console.log('migrate', (performance.now() - t).toFixed(0));
t = performance.now();
const dump = await a.dumpDataDir('none');
console.log('dump', (performance.now() - t).toFixed(0), dump.size);
t = performance.now();
const b = await PGlite.create({ loadDataDir: dump });
await b.query('select count(*) from auth_user');
console.log('load from dump', (performance.now() - t).toFixed(0));
t = performance.now();
const c = await a.clone();
await c.query('select count(*) from auth_user');
console.log('clone', (performance.now() - t).toFixed(0));
t = performance.now();
const d = await PGlite.create();
await d.query('select 1');
console.log('2nd cold create', (performance.now() - t).toFixed(0));
