#!/usr/bin/env bash
# What `npm test` needs beyond `npm ci`, set up once and skipped when already there (pretest runs
# it): PostgreSQL up on 127.0.0.1:5432, PostGIS for the PostGIS fixture, Debian's Chromium for the
# browser test, and the separate installs under tools/ (drizzle-orm 1.x's migrator, PostgreSQL
# 14/16/17/18 binaries). .ci/run does the same steps itself, each counted.
set -uo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

pg_major="$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)"
if ! pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1 && [ -n "${pg_major}" ]; then
  echo "setup: starting PostgreSQL ${pg_major}"
  as_root pg_ctlcluster --skip-systemctl-redirect "${pg_major}" main start || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1 && break; sleep 1; done
fi

postgis="postgresql-${pg_major:-15}-postgis-3"
if [ -n "${pg_major}" ] && ! dpkg -s "${postgis}" >/dev/null 2>&1; then
  echo "setup: installing ${postgis}"
  { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${postgis}"; } \
    || echo "setup: could not install ${postgis}; the PostGIS fixture will fail"
fi

# Debian's Chromium for the browser project (playwright-core drives it; it never downloads one).
if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM_PATH:-}" ]; then
  echo "setup: installing chromium"
  { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
    || echo "setup: could not install chromium; the browser test (test/browser) will fail"
fi

for tool in tools/drizzle-kit-1 tools/postgres-matrix; do
  if [ ! -d "${tool}/node_modules" ]; then
    echo "setup: npm ci --prefix ${tool}"
    npm ci --prefix "${tool}" --no-audit --no-fund --loglevel=error || echo "setup: npm ci failed in ${tool}"
  fi
done
