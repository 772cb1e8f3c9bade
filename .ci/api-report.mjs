// The public surface of the published packages, as a reviewed file: for every entry point in
// publishConfig.exports, the built .d.ts of that entry goes to api-report/<package>/<entry>.d.ts.
// `node .ci/api-report.mjs` rewrites them (commit the diff with the change that caused it);
// `node .ci/api-report.mjs --check` (CI) fails when the built surface differs from the committed one.
// Run after `pnpm --filter @warden/authz --filter @warden/auth run build`.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const check = process.argv.includes('--check');
const packages = ['authz', 'auth'];
const differences = [];

for (const name of packages) {
  const dir = join(root, 'packages', name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const outDir = join(root, 'api-report', name);
  const wanted = new Map();
  for (const [entry, target] of Object.entries(pkg.publishConfig.exports)) {
    if (typeof target !== 'object') continue; // ./package.json
    const file = `${entry === '.' ? 'index' : entry.slice(2).replaceAll('/', '-')}.d.ts`;
    const dts = readFileSync(join(dir, target.types), 'utf8')
      .replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n');
    wanted.set(file, `// ${pkg.name}${entry === '.' ? '' : entry.slice(1)}\n${dts}`);
  }
  if (check) {
    let committed = [];
    try {
      committed = readdirSync(outDir);
    } catch {}
    for (const file of new Set([...committed, ...wanted.keys()])) {
      let before = null;
      try {
        before = readFileSync(join(outDir, file), 'utf8');
      } catch {}
      if (before !== (wanted.get(file) ?? null)) differences.push(`api-report/${name}/${file}`);
    }
  } else {
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    for (const [file, text] of wanted) writeFileSync(join(outDir, file), text);
  }
}

if (differences.length > 0) {
  console.error(`the public surface changed: ${differences.join(', ')}`);
  console.error('run `node .ci/api-report.mjs` after building, review the diff, and commit it');
  process.exit(1);
}
console.log(check ? 'api report: the public surface is the committed one' : 'api report written');
