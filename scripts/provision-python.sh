#!/usr/bin/env bash
# Provisions the project's own Python virtual environment with the tools the test suite runs
# (schemathesis: fuzzes the served OpenAPI document, test/api/schemathesis.test.ts). Idempotent:
# a venv holding the pinned version is reused (about 0.1 s). Called by scripts/provision.sh;
# the venv's location is written to .tools/python.env (PYTHON_VENV) for the tests.
#   PYTHON_VENV   where the venv lives (default ~/.cache/cross-region-settlement/venv-<version>)
# Needs python3 >= 3.9 with its venv module (Debian: python3-venv, installed here when missing
# and we are root).
set -euo pipefail

SCHEMATHESIS_VERSION="4.32.5"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/cross-region-settlement"
VENV="${PYTHON_VENV:-$CACHE_DIR/venv-schemathesis-$SCHEMATHESIS_VERSION}"
ENV_FILE="$ROOT/.tools/python.env"

log() { echo "[provision-python] $*"; }
die() {
  echo "[provision-python] ERROR: $*" >&2
  exit 1
}

mkdir -p "$CACHE_DIR" "$ROOT/.tools"

venv_ok() { [[ -x "$VENV/bin/schemathesis" ]] && "$VENV/bin/python" -c "import schemathesis, sys; sys.exit(0 if schemathesis.__version__ == '$SCHEMATHESIS_VERSION' else 1)" 2>/dev/null; }

if venv_ok; then
  log "schemathesis $SCHEMATHESIS_VERSION ... cached ($VENV)"
else
  command -v python3 >/dev/null 2>&1 || die "python3 is not installed; install it (apt-get install python3 python3-venv) and re-run"
  # Debian ships venv without ensurepip unless python3-venv is installed.
  if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
      log "python3-venv ... installing with apt-get (first run only)"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null 2>&1 || die "apt-get install python3-venv failed"
    else
      die "python3's venv module is missing; install it (apt-get install python3-venv) and re-run"
    fi
  fi
  log "schemathesis $SCHEMATHESIS_VERSION ... installing from PyPI into $VENV (first run only)"
  t0=$(date +%s)
  # A half-built venv from an interrupted run fails venv_ok and is rebuilt from scratch
  # (scripts/provision.sh, which calls this, holds a lock so two runs never build at once).
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" ||
    die "pip install schemathesis==$SCHEMATHESIS_VERSION failed"
  venv_ok || die "installed schemathesis but '$VENV/bin/schemathesis' does not run"
  log "schemathesis $SCHEMATHESIS_VERSION ... installed in $(($(date +%s) - t0))s"
fi

tmp_env="$ENV_FILE.tmp.$$"
printf '# Written by scripts/provision-python.sh; read by test/api/schemathesis.test.ts.\nPYTHON_VENV=%s\n' "$VENV" >"$tmp_env"
mv "$tmp_env" "$ENV_FILE"
