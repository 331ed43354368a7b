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

need_java
echo "ensure-test-deps: ok"
