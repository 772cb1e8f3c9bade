#!/usr/bin/env bash
# The adopter's path, from outside the workspace: build and pack @warden/authz and @warden/auth,
# check the tarballs (publint, are-the-types-wrong), install them with plain npm into a copy of
# examples/blog, compile it with tsc (NodeNext) and run its tests under plain node: the smoke test,
# the organizations section, an outage, and two processes on one Postgres (TEST_DATABASE_URL) whose
# credential caches must refuse on one what was revoked on the other within 100 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

bash .ci/install-example.sh "${work}"
for tarball in "${work}"/packs/*.tgz; do
  echo "--- $(basename "${tarball}")"
  pnpm exec publint --strict "${tarball}"
  # ESM only: CommonJS callers use import() (or require(esm) on Node >= 20.19).
  pnpm exec attw "${tarball}" --profile node16 --ignore-rules cjs-resolves-to-esm
done

cd "${work}/blog"
npx tsc -p tsconfig.json
# The committed migrations are what drizzle-kit makes of src/schema.ts: the app's tables only
# (Warden's come from `warden migrate`), so generating again finds nothing to do.
npx --no-install drizzle-kit generate | grep 'No schema changes' >/dev/null \
  || { echo "examples/blog/drizzle is not what drizzle-kit generates from src/schema.ts"; exit 1; }
# The committed trigger migration is what `warden triggers --write` writes for this registry: run
# again, it finds the migration up to date and writes nothing.
triggers="$(npx --no-install warden triggers --write drizzle)"
echo "${triggers}"
grep -q 'already installs these triggers' <<<"${triggers}" \
  || { echo "examples/blog/drizzle's last *_warden_triggers.sql is not what 'warden triggers --write' writes"; exit 1; }
node test/smoke.mjs
node test/organizations.mjs
node test/outage.mjs
node test/cross-process.mjs

# The lowest versions the peer ranges state, compiled and run the same way.
# (@hono/node-server 2 needs a newer hono than 4.6: the app takes the 1.x line with it.)
npm install --no-audit --no-fund --loglevel=error drizzle-orm@0.45.0 @trpc/server@11.4.0 hono@4.6.0 \
  @hono/node-server@1.19.19 postgres@3.4.0 @electric-sql/pglite@0.5.0
npx tsc -p tsconfig.json
node test/smoke.mjs
node test/organizations.mjs
node test/outage.mjs
node test/cross-process.mjs
echo "example app: OK (${root}/examples/blog, from the packed tarballs)"
