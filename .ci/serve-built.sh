#!/usr/bin/env bash
# Production runs built JS under plain node, not tsx: build every package, start
# apps/server/dist/main.js on a fresh PGlite directory, wait for /healthz and the web app, stop it
# with SIGTERM and expect exit 0.
set -euo pipefail
cd "$(dirname "$0")/.."
pnpm build >/dev/null
data="$(mktemp -d)"
port=$((3800 + RANDOM % 100))
PORT="${port}" PGLITE_DIR="${data}/pglite" node apps/server/dist/main.js >"${data}/log" 2>&1 &
pid=$!
trap 'kill "${pid}" 2>/dev/null || true; rm -rf "${data}"' EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:${port}/healthz" >/dev/null 2>&1 && break
  kill -0 "${pid}" 2>/dev/null || { cat "${data}/log"; exit 1; }
  sleep 1
done
curl -fsS "http://127.0.0.1:${port}/healthz"
echo
test "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${port}/")" = 200
kill -TERM "${pid}"
wait "${pid}" && echo "built server: served and stopped cleanly (exit 0)"
