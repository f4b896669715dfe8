#!/usr/bin/env bash
# Provisions the native tools the dev stack, the tests and the bench need, and records where
# they are in .tools/paths.env (read by scripts/servers/*.ts; the same names are also accepted
# as environment variables):
#   TEMPORAL_CLI                          Temporal CLI (dev server: `temporal server start-dev`)
#   FERRETDB_BIN                          FerretDB 1.x (MongoDB wire protocol on SQLite)
#   TEMPORAL_TEST_SERVER_CLASSPATH_FILE   classpath of Temporal's Java time-skipping test server
#   JAVA_BIN                              java used to run that test server
#
# Idempotent: after the first run everything is cached and this takes about a second.
# Nothing here needs Docker; it needs go (only when a binary has to be built), java and mvn.
# SKIP_PROVISION=1 skips everything (the launchers then rely on the variables above or PATH).
set -euo pipefail

TEMPORAL_CLI_VERSION="v1.5.1"
FERRETDB_VERSION="v1.24.2"
FERRETDB_PATCH_LEVEL="4" # bump when scripts/ferretdb/*.patch changes
TEST_SERVER_VERSION="1.38.0" # keep in sync with scripts/testserver/pom.xml

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="$ROOT/.tools"
ENV_FILE="$TOOLS_DIR/paths.env"
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/cross-region-settlement"
POM="$ROOT/scripts/testserver/pom.xml"

log() { echo "[provision] $*"; }
die() {
  echo "[provision] ERROR: $*" >&2
  exit 1
}
need() { # need <command> <what it is needed for>
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed or not on PATH; it is needed $2. Install it (e.g. apt-get install $3) and re-run."
}

if [[ "${SKIP_PROVISION:-}" == "1" ]]; then
  log "SKIP_PROVISION=1: nothing provisioned (launchers use TEMPORAL_CLI, FERRETDB_BIN, TEMPORAL_TEST_SERVER_CLASSPATH_FILE or PATH)"
  exit 0
fi

mkdir -p "$TOOLS_DIR" "$CACHE_DIR"

# One provisioning at a time (npm test and npm start may run side by side on first use).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE_DIR/provision.lock"
  if ! flock -n 9; then
    log "another provisioning is running; waiting for it"
    flock 9
  fi
fi

START_TS=$(date +%s)

go_bin_dir() { # where `go install` puts binaries
  local gobin
  gobin="$(go env GOBIN)"
  if [[ -n "$gobin" ]]; then echo "$gobin"; else echo "$(go env GOPATH)/bin"; fi
}

# ---------------------------------------------------------------------------------------------
# Temporal CLI (contains the dev server)
# ---------------------------------------------------------------------------------------------
temporal_ok() { "$1" --version >/dev/null 2>&1; }

provision_temporal() {
  local bin=""
  if [[ -n "${TEMPORAL_CLI:-}" ]]; then
    temporal_ok "$TEMPORAL_CLI" || die "TEMPORAL_CLI=$TEMPORAL_CLI does not run ('$TEMPORAL_CLI --version' failed)"
    bin="$TEMPORAL_CLI"
    log "temporal CLI ... from TEMPORAL_CLI ($bin)"
  elif command -v temporal >/dev/null 2>&1 && temporal_ok "$(command -v temporal)"; then
    bin="$(command -v temporal)"
    log "temporal CLI ... found on PATH ($bin)"
  elif command -v go >/dev/null 2>&1 && [[ -x "$(go_bin_dir)/temporal" ]] && temporal_ok "$(go_bin_dir)/temporal"; then
    bin="$(go_bin_dir)/temporal"
    log "temporal CLI ... cached ($bin)"
  else
    need go "to build the Temporal CLI (temporal server start-dev)" golang-go
    log "temporal CLI ... building with go install github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION (first run only, ~5 min on 2 cores)"
    local t0=$(date +%s)
    go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION"
    bin="$(go_bin_dir)/temporal"
    temporal_ok "$bin" || die "built $bin but '$bin --version' fails"
    log "temporal CLI ... built in $(($(date +%s) - t0))s ($bin)"
  fi
  TEMPORAL_CLI_PATH="$bin"
}

# ---------------------------------------------------------------------------------------------
# FerretDB 1.x (SQLite backend) as the development/test MongoDB
# ---------------------------------------------------------------------------------------------
ferretdb_ok() { "$1" --version >/dev/null 2>&1; }

provision_ferretdb() {
  local bin=""
  # Our build carries scripts/ferretdb/*.patch; its file name names the patch level, so a
  # binary built before a patch was added is never mistaken for the current one.
  local ours="$CACHE_DIR/bin/ferretdb-$FERRETDB_VERSION-crs$FERRETDB_PATCH_LEVEL"
  if [[ -n "${FERRETDB_BIN:-}" ]]; then
    ferretdb_ok "$FERRETDB_BIN" || die "FERRETDB_BIN=$FERRETDB_BIN does not run ('$FERRETDB_BIN --version' failed)"
    bin="$FERRETDB_BIN"
    log "ferretdb ... from FERRETDB_BIN ($bin; without our patches lookups by _id scan whole tables)"
  elif [[ -x "$ours" ]] && ferretdb_ok "$ours"; then
    bin="$ours"
    log "ferretdb ... cached ($bin)"
  else
    need go "to build FerretDB (the local MongoDB-compatible database)" golang-go
    need git "to apply our FerretDB patches" git
    # Not `go install github.com/FerretDB/FerretDB/cmd/ferretdb@VERSION`: go install asks the module
    # proxy for the module's version list (deprecation/retraction check) and the proxy answers 403
    # for FerretDB's list. `go mod download` of the exact version works, so we build from that
    # source. Three more details:
    #  - the module zip lacks build/version/version.txt (normally generated by `task gen-version`);
    #    a binary built without it panics at start ("Invalid build/version/version.txt"), so we
    #    build from a writable copy with that file written;
    #  - the copy gets scripts/ferretdb/*.patch: the SQLite backend indexes `_id` on another
    #    expression than the one its lookups compare, so every lookup by _id scanned the table
    #    (17 ms instead of ~1 ms at 5,000 documents), and it used the index only for filters
    #    holding nothing but `_id`; its update command kept every statement's iterator (a pooled
    #    SQLite connection) open until the command ended, so one bulk write of ~100 statements
    #    took the whole pool and stalled every client for good; and it formatted debug logs it
    #    never wrote;
    #  - the copy lives in our cache dir; the module cache itself is read-only.
    log "ferretdb ... building $FERRETDB_VERSION (patch level $FERRETDB_PATCH_LEVEL) from source (first run only, ~2-3 min on 2 cores)"
    local t0=$(date +%s) json moddir src patch
    json="$(go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION")" ||
      die "go mod download github.com/FerretDB/FerretDB@$FERRETDB_VERSION failed: $json"
    moddir="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' | head -n1)"
    [[ -n "$moddir" && -d "$moddir" ]] || die "could not find the FerretDB module directory in: $json"
    src="$CACHE_DIR/ferretdb-src-$FERRETDB_VERSION"
    rm -rf "$src"
    cp -R "$moddir" "$src"
    chmod -R u+w "$src"
    echo "$FERRETDB_VERSION" >"$src/build/version/version.txt"
    for patch in "$ROOT"/scripts/ferretdb/*.patch; do
      (cd "$src" && git apply --unsafe-paths -p1 "$patch") || die "could not apply $patch to FerretDB $FERRETDB_VERSION"
    done
    bin="$ours"
    mkdir -p "$(dirname "$bin")"
    (cd "$src" && go build -trimpath -buildvcs=false -o "$bin.tmp" ./cmd/ferretdb)
    rm -rf "$src"
    mv "$bin.tmp" "$bin"
    ferretdb_ok "$bin" || die "built $bin but '$bin --version' fails"
    log "ferretdb ... built in $(($(date +%s) - t0))s ($bin)"
  fi
  FERRETDB_PATH="$bin"
}

# ---------------------------------------------------------------------------------------------
# Temporal's Java time-skipping test server: a classpath resolved by Maven
# ---------------------------------------------------------------------------------------------
classpath_ok() { # every entry of the cached classpath still exists
  local file="$1" entry
  [[ -s "$file" ]] || return 1
  local IFS=':'
  for entry in $(cat "$file"); do
    [[ -f "$entry" ]] || return 1
  done
  return 0
}

provision_test_server() {
  need java "to run Temporal's time-skipping test server (tests and npm start -- --simulate)" openjdk-17-jre-headless
  JAVA_PATH="$(command -v java)"
  local cp_file="$CACHE_DIR/testserver-$TEST_SERVER_VERSION.classpath"
  if classpath_ok "$cp_file"; then
    log "java test server $TEST_SERVER_VERSION ... cached ($cp_file)"
  else
    need mvn "to download Temporal's time-skipping test server jars from Maven Central" maven
    log "java test server $TEST_SERVER_VERSION ... resolving jars with mvn dependency:build-classpath (first run only)"
    local t0=$(date +%s) tmp="$cp_file.tmp.$$" out
    if ! out="$(mvn -q -B -f "$POM" dependency:build-classpath -Dmdep.outputFile="$tmp" 2>&1)"; then
      rm -f "$tmp"
      die "mvn dependency:build-classpath failed:
$out"
    fi
    classpath_ok "$tmp" || die "mvn produced no usable classpath in $tmp"
    mv "$tmp" "$cp_file"
    log "java test server $TEST_SERVER_VERSION ... resolved in $(($(date +%s) - t0))s ($cp_file)"
  fi
  TEST_SERVER_CP_FILE="$cp_file"
}

# ---------------------------------------------------------------------------------------------
# Debian's Chromium for the web console's browser tests (test/browser, driven by playwright-core;
# no test tool downloads a browser of its own), with a CJK font so pages and screenshots show
# Chinese text. Installed with apt-get when missing and we are root; otherwise a warning (only the
# browser tests need it, and they name what is missing).
# ---------------------------------------------------------------------------------------------
provision_chromium() {
  local missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  fc-list 2>/dev/null | grep -qiE 'wqy|noto sans cjk|noto serif cjk|droid sans fallback' || missing+=(fonts-wqy-microhei)
  if ((${#missing[@]} == 0)); then
    log "chromium ... found (/usr/bin/chromium, CJK font present)"
    return
  fi
  if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
    log "chromium ... installing ${missing[*]} with apt-get (first run only)"
    local t0=$(date +%s)
    if DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; then
      log "chromium ... installed in $(($(date +%s) - t0))s"
    else
      log "WARNING: apt-get install ${missing[*]} failed; the browser tests (test/browser) need /usr/bin/chromium"
    fi
  else
    log "WARNING: ${missing[*]} missing and not root; the browser tests need them: apt-get install -y ${missing[*]}"
  fi
}

provision_temporal
provision_ferretdb
provision_test_server
provision_chromium
# schemathesis in the project's own venv (test/api/schemathesis.test.ts); under our lock, cached.
bash "$ROOT/scripts/provision-python.sh"
# Temporal's own server and SQL tool (Go builds) and Debian's PostgreSQL for the production
# topology (npm run topology, test/infra/topology.test.ts); cached; its KEY=VALUE lines join the
# tool paths below.
TOPOLOGY_PATHS="$(bash "$ROOT/scripts/provision-topology.sh")" || die "scripts/provision-topology.sh failed"

tmp_env="$ENV_FILE.tmp.$$"
cat >"$tmp_env" <<EOF
# Written by scripts/provision.sh; read by scripts/servers/*.ts. Environment variables of the
# same names take precedence.
TEMPORAL_CLI=$TEMPORAL_CLI_PATH
FERRETDB_BIN=$FERRETDB_PATH
TEMPORAL_TEST_SERVER_CLASSPATH_FILE=$TEST_SERVER_CP_FILE
JAVA_BIN=$JAVA_PATH
$TOPOLOGY_PATHS
EOF
if [[ -f "$ENV_FILE" ]] && cmp -s "$tmp_env" "$ENV_FILE"; then
  rm -f "$tmp_env"
  log "tool paths ... unchanged ($ENV_FILE)"
else
  mv "$tmp_env" "$ENV_FILE"
  log "tool paths ... written ($ENV_FILE)"
fi
log "done in $(($(date +%s) - START_TS))s"
