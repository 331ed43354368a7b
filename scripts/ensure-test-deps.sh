#!/usr/bin/env bash
# Installs what the test suite needs beyond Java and Maven, idempotently: run it as often as you like.
# Each later need (PostgreSQL for the Redshift-shaped SQL, Chromium for the dashboard, a Python venv with Airflow)
# adds one ensure_* step here, so `make test` on a fresh machine needs nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."

need_java() {
  if ! command -v java >/dev/null 2>&1; then
    echo "ensure-test-deps: Java 17+ is required (apt-get install openjdk-17-jdk-headless)" >&2
    exit 1
  fi
}

# The dashboard's browser test (dashboard/*IT) drives Debian's Chromium through the system chromedriver.
ensure_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "ensure-test-deps: Chromium is missing and this is not root: apt-get install chromium chromium-driver" >&2
    exit 1
  fi
  local SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "ensure-test-deps: installing chromium + chromium-driver (Debian packages) for the dashboard browser test"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
}

# The Airflow tests (airflow/tests) run real Airflow 2.11 from airflow/.venv; Debian's python3 needs python3-venv.
ensure_airflow_venv() {
  if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    local SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "ensure-test-deps: installing python3-venv (Debian package) for the Airflow venv"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
  fi
  scripts/airflow-venv.sh
}

# The loader's Redshift-shaped SQL runs against a real PostgreSQL server (test-support PostgresServer runs initdb itself).
ensure_postgresql() {
  if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "ensure-test-deps: PostgreSQL is missing and this is not root: apt-get install postgresql" >&2
    exit 1
  fi
  local SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "ensure-test-deps: installing postgresql (Debian package) for the loader's Redshift-shaped SQL tests"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
}

need_java
ensure_chromium
ensure_airflow_venv
ensure_postgresql
echo "ensure-test-deps: ok"
