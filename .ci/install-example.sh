#!/usr/bin/env bash
# Builds and packs @warden/authz and @warden/auth into DIR/packs, and installs a copy of
# examples/blog in DIR/blog from those tarballs with plain npm, as an adopter would.
# Usage: .ci/install-example.sh DIR
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$1"
# turbo: a build CI has just made is restored from its cache, not made again
pnpm exec turbo run build --filter=@warden/authz --filter=@warden/auth >/dev/null
mkdir -p "${dir}/packs" "${dir}/blog"
for pkg in authz auth; do
  (cd "packages/${pkg}" && pnpm pack --pack-destination "${dir}/packs" >/dev/null)
done
tar -C examples/blog --exclude=node_modules --exclude=dist --exclude=.data -cf - . | tar -C "${dir}/blog" -xf -
cd "${dir}/blog"
npm pkg set "dependencies.@warden/authz=file:../packs/$(cd ../packs && ls warden-authz-*.tgz)" \
  "dependencies.@warden/auth=file:../packs/$(cd ../packs && ls warden-auth-*.tgz)"
npm install --no-audit --no-fund --loglevel=error
