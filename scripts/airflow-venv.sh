#!/usr/bin/env bash
# Builds airflow/.venv (Apache Airflow 2.11.0 + the Amazon provider + pytest + duckdb) idempotently.
#
# Fast no-op when the venv is current: a stamp file holds the hash of the requirement files, the lock and the Python
# version, and the venv is rebuilt only when one of them changes. Run it as often as you like.
#   scripts/airflow-venv.sh            ensure the venv exists and is current
#   scripts/airflow-venv.sh --relock   resolve requirements-test.txt afresh and rewrite airflow/constraints.txt
set -euo pipefail
cd "$(dirname "$0")/.."

AF=airflow
VENV="$AF/.venv"
STAMP="$VENV/.gh-activity-stamp"

# Airflow 2.11 supports Python 3.9-3.12; MWAA runs it on 3.11, so prefer a python3.11 when there is one.
pick_python() {
  local candidate
  for candidate in "${AIRFLOW_PYTHON:-}" python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 \
        && "$candidate" -c 'import sys; sys.exit(0 if (3, 9) <= sys.version_info[:2] <= (3, 12) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "airflow-venv: Python 3.9-3.12 is needed for Airflow 2.11 (apt-get install python3 python3-venv)" >&2
  return 1
}

PY="$(pick_python)"
want="$(cat "$AF/requirements.txt" "$AF/requirements-test.txt" "$AF/constraints.txt" | sha256sum | cut -c1-16)-$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"

if [ "${1:-}" = "--relock" ]; then
  tmp="$(mktemp -d)"
  "$PY" -m venv "$tmp/venv"
  "$tmp/venv/bin/pip" install -q --disable-pip-version-check -r "$AF/requirements-test.txt"
  { echo "# Frozen lock of the local Airflow venv (pip freeze of requirements-test.txt on Python 3.11), used as pip -c."
    echo "# Regenerate: scripts/airflow-venv.sh --relock. Not for MWAA: MWAA applies the official 2.11.0 constraints itself."
    "$tmp/venv/bin/pip" freeze | grep -v '^-e'; } > "$AF/constraints.txt"
  rm -rf "$tmp"
  echo "airflow-venv: rewrote $AF/constraints.txt"
  exit 0
fi

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -x "$VENV/bin/airflow" ]; then
  exit 0
fi

echo "airflow-venv: building $VENV with $("$PY" --version) (Airflow 2.11.0, about a minute)" >&2
rm -rf "$VENV"
if ! "$PY" -m venv "$VENV" 2>/dev/null; then
  echo "airflow-venv: '$PY -m venv' failed: install the venv module (apt-get install python3-venv)" >&2
  exit 1
fi
"$VENV/bin/pip" install -q --disable-pip-version-check -r "$AF/requirements-test.txt" -c "$AF/constraints.txt"
echo "$want" > "$STAMP"
echo "airflow-venv: ready ($("$VENV/bin/airflow" version 2>/dev/null | tail -1))" >&2
