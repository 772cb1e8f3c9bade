#!/usr/bin/env bash
# What Warden adds to an adopter's `tsc`: examples/blog installed from the packed tarballs, compiled
# with and without Warden (baseline/: the same app, tables and procedures, with a hand-written
# login check instead), under TypeScript 5.9 and 7. Prints the median CPU time of RUNS runs of each.
# Usage: bash bench/adopter-tsc/run.sh   (RUNS=5 by default)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "${here}/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
runs="${RUNS:-5}"

bash "${root}/.ci/install-example.sh" "${work}" >/dev/null
cd "${work}/blog"
npm install --no-audit --no-fund --loglevel=error --no-save ts7@npm:typescript@7.0.2
mkdir -p baseline && cp "${here}"/baseline/*.ts baseline/
cat > tsconfig.baseline.json <<'JSON'
{ "extends": "./tsconfig.json", "compilerOptions": { "rootDir": "baseline", "noEmit": true }, "include": ["baseline"] }
JSON

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# CPU seconds (user + system) of one tsc run: unlike wall time, they barely move with the load of
# other work on the machine (TypeScript 7 checks on several threads, so CPU can exceed wall time).
TIMEFORMAT='%U %S'
time_tsc() { # tsc-binary project → CPU seconds (median)
  for _ in $(seq "${runs}"); do
    { time node "$1" -p "$2" --noEmit >/dev/null; } 2>&1 | awk '{ print $1 + $2 }'
  done | median
}

printf '| TypeScript | app without Warden | app with Warden | added by Warden |\n|---|--:|--:|--:|\n'
for ts in node_modules/typescript/bin/tsc node_modules/ts7/bin/tsc; do
  version="$(node "${ts}" --version)"
  base="$(time_tsc "${ts}" tsconfig.baseline.json)"
  with="$(time_tsc "${ts}" tsconfig.json)"
  printf '| %s | %.2f s | %.2f s | %.2f s |\n' "${version}" "${base}" "${with}" "$(awk "BEGIN { print ${with} - ${base} }")"
done
echo "(CPU seconds of tsc --noEmit, median of ${runs} runs each; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); $(date -u +%F))"
