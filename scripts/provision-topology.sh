#!/usr/bin/env bash
# Provisions what the production topology (npm run topology, test/infra/topology.test.ts) runs
# besides the dev tools: Temporal's own server and its SQL schema tool, built from Go like the
# CLI, the schema files of the same server version, and Debian's PostgreSQL. Called by
# scripts/provision.sh, which records what this prints on stdout (KEY=VALUE lines) in
# .tools/paths.env; progress goes to stderr.
#
# Cached: the binaries and schema under the cache dir, named by version; after the first run this
# takes well under a second. First run: two Go builds (measured: 25 min for the server at nice 19
# on 2 cores busy with other builds, 17 s more for the SQL tool; 30 s when Go's build cache already
# holds the packages) and, when PostgreSQL is missing, apt-get install postgresql.
set -euo pipefail

# The server version the Temporal CLI (provision.sh) embeds in its dev server: the same module is
# already downloaded and most of its packages are already compiled.
TEMPORAL_SERVER_VERSION="v1.29.1"

CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/cross-region-settlement"
BIN_DIR="$CACHE_DIR/bin"

log() { echo "[provision] $*" >&2; }
die() {
  echo "[provision] ERROR: $*" >&2
  exit 1
}

runs() { "$1" --version >/dev/null 2>&1 || "$1" --help >/dev/null 2>&1; }

# ---------------------------------------------------------------------------------------------
# temporal-server, temporal-sql-tool and schema/ of go.temporal.io/server
# ---------------------------------------------------------------------------------------------
server_bin="$BIN_DIR/temporal-server-$TEMPORAL_SERVER_VERSION"
sql_tool="$BIN_DIR/temporal-sql-tool-$TEMPORAL_SERVER_VERSION"
# A copy of the module's schema folder: `go clean -modcache` must not take it away.
schema_dir="$CACHE_DIR/temporal-schema-$TEMPORAL_SERVER_VERSION"

if [[ -x "$server_bin" && -x "$sql_tool" && -d "$schema_dir/postgresql/v12" ]] && runs "$server_bin" && runs "$sql_tool"; then
  log "temporal server $TEMPORAL_SERVER_VERSION ... cached ($server_bin)"
else
  command -v go >/dev/null 2>&1 || die "'go' is needed to build the Temporal server (production topology); install golang-go and re-run"
  log "temporal server $TEMPORAL_SERVER_VERSION ... building cmd/server and cmd/tools/sql (first run only; up to ~25 min on 2 busy cores)"
  t0=$(date +%s)
  # Like FerretDB in provision.sh: `go mod download` of the exact version, then build inside the
  # (read-only) module folder; the module's go.mod and go.sum pin every dependency.
  json="$(go mod download -json "go.temporal.io/server@$TEMPORAL_SERVER_VERSION")" ||
    die "go mod download go.temporal.io/server@$TEMPORAL_SERVER_VERSION failed: $json"
  moddir="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' | head -n1)"
  [[ -n "$moddir" && -d "$moddir/schema/postgresql/v12" ]] || die "no schema/postgresql/v12 in the server module ($json)"
  mkdir -p "$BIN_DIR"
  (cd "$moddir" && go build -trimpath -buildvcs=false -o "$server_bin.tmp" ./cmd/server) || die "go build ./cmd/server failed"
  (cd "$moddir" && go build -trimpath -buildvcs=false -o "$sql_tool.tmp" ./cmd/tools/sql) || die "go build ./cmd/tools/sql failed"
  rm -rf "$schema_dir.tmp"
  cp -R "$moddir/schema" "$schema_dir.tmp"
  chmod -R u+w "$schema_dir.tmp"
  rm -rf "$schema_dir"
  mv "$schema_dir.tmp" "$schema_dir"
  mv "$server_bin.tmp" "$server_bin"
  mv "$sql_tool.tmp" "$sql_tool"
  runs "$server_bin" || die "built $server_bin but it does not run"
  log "temporal server $TEMPORAL_SERVER_VERSION ... built in $(($(date +%s) - t0))s ($server_bin)"
fi

# ---------------------------------------------------------------------------------------------
# Debian's PostgreSQL (initdb, postgres, pg_isready). Only the binaries are used: the topology
# runs its own throwaway cluster (scripts/servers/postgres.ts), never the package's service.
# ---------------------------------------------------------------------------------------------
newest_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1; }

pg_bin="${POSTGRES_BIN_DIR:-$(newest_pg_bin)}"
if [[ -n "$pg_bin" && -x "$pg_bin/postgres" && -x "$pg_bin/initdb" ]]; then
  log "postgresql ... found ($pg_bin)"
elif [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
  log "postgresql ... installing with apt-get (first run only)"
  t0=$(date +%s)
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 || die "apt-get install postgresql failed"
  pg_bin="$(newest_pg_bin)"
  [[ -n "$pg_bin" && -x "$pg_bin/postgres" ]] || die "postgresql installed but no /usr/lib/postgresql/*/bin/postgres"
  log "postgresql ... installed in $(($(date +%s) - t0))s ($pg_bin)"
else
  die "PostgreSQL is missing and we are not root: apt-get install -y postgresql (or set POSTGRES_BIN_DIR) and re-run"
fi

echo "TEMPORAL_SERVER_BIN=$server_bin"
echo "TEMPORAL_SQL_TOOL=$sql_tool"
echo "TEMPORAL_SCHEMA_DIR=$schema_dir"
echo "POSTGRES_BIN_DIR=$pg_bin"
