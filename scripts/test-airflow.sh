#!/usr/bin/env bash
# Runs the Airflow tests (airflow/tests) with real Airflow 2.11 in airflow/.venv, creating the venv if needed.
#
# The real-run tests execute the hourly DAG against a lake written by test-support's LakeFixtureMain and load it with
# the real loader through bin/gh-activity, so those modules must be packaged: when their jars are missing this script
# builds just them (make test has already built everything by the time it gets here).
# Extra arguments go to pytest, e.g. scripts/test-airflow.sh -k sensor
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/airflow-venv.sh

needs_build() {
  local f
  for f in loader/target/loader.jar loader/target/lib test-support/target/test-support.jar test-support/target/lib \
      test-support/target/tools/s3proxy.jar; do
    [ -e "$f" ] || return 0
  done
  return 1
}

if needs_build; then
  echo "test-airflow: packaging loader and test-support for the real-run tests" >&2
  ./mvnw -B -ntp -q -pl loader,test-support -am package -DskipTests
fi

cd airflow
# Pytest's own summary line closes the output; exit code 5 (no tests collected) cannot pass silently because
# test_dag_integrity always collects.
exec .venv/bin/python -m pytest "$@"
