// The compilers the bench runs: TypeScript 7 (the workspace's `tsc`, the native port) and
// TypeScript 5.9 (the JavaScript compiler, which users on 5.x still run). 5.9 is no dependency of
// the workspace: it is installed on first use into bench/tsc/.ts59 (git-ignored) with npm.
// COMPILERS=ts7 or COMPILERS=ts5.9 picks one.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const TS59 = '5.9.3';

export interface Compiler {
  name: string;
  tsc: string;
}

function ts59(): string {
  const dir = join(here, '.ts59');
  const tsc = join(dir, 'node_modules/.bin/tsc');
  if (!existsSync(tsc)) {
    mkdirSync(dir, { recursive: true });
    // Its own package.json, so npm installs here and not into the workspace.
    writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', `typescript@${TS59}`], {
      cwd: dir,
      stdio: 'inherit',
    });
  }
  return tsc;
}

export function compilers(): Compiler[] {
  const wanted = (process.env.COMPILERS ?? 'ts7,ts5.9').split(',');
  const all: Record<string, () => string> = {
    ts7: () => join(here, '../../node_modules/.bin/tsc'),
    'ts5.9': ts59,
  };
  return wanted.map((name) => {
    const find = all[name];
    if (find === undefined) throw new Error(`unknown compiler '${name}' (ts7, ts5.9)`);
    return { name, tsc: find() };
  });
}
