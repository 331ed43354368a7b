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

# Installs Debian packages as root or through sudo; $1 says what for, the rest are the packages.
apt_install() {
  local why="$1"; shift
  local SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "ensure-test-deps: $* missing (needed for $why) and this is not root: apt-get install $*" >&2
      exit 1
    fi
    SUDO="sudo"
  fi
  echo "ensure-test-deps: installing $* (Debian packages) for $why"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The dashboard's browser test (dashboard/*IT) drives Debian's Chromium through the system chromedriver.
ensure_chromium() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    apt_install "the dashboard browser test" chromium chromium-driver
  fi
}

# The Airflow tests (airflow/tests) run real Airflow 2.11 from airflow/.venv; Debian's python3 needs python3-venv.
ensure_airflow_venv() {
  if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    apt_install "the Airflow venv" python3-venv
  fi
  scripts/airflow-venv.sh
}

# The loader's Redshift-shaped SQL runs against a real PostgreSQL server (test-support PostgresServer runs initdb itself).
ensure_postgresql() {
  if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    apt_install "the loader's Redshift-shaped SQL tests" postgresql
  fi
}

# The replay decodes whole gzip hours with libdeflate on Java 17 (producer gunzip tests); Debian: libdeflate0.
ensure_libdeflate() {
  if ! compgen -G "/usr/lib/*/libdeflate.so.0" >/dev/null && ! compgen -G "/usr/lib*/libdeflate.so.0" >/dev/null; then
    apt_install "the replay's libdeflate gunzip" libdeflate0
  fi
}

need_java
ensure_libdeflate
ensure_chromium
ensure_airflow_venv
ensure_postgresql
echo "ensure-test-deps: ok"
