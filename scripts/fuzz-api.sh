#!/usr/bin/env bash
# Fuzzes the dashboard's JSON API with schemathesis: test cases generated from the OpenAPI document the dashboard
# serves (/api/openapi.json), valid and invalid, sent to a running dashboard. Fails on any 5xx, on an answer whose
# status, content type, headers or body the document does not describe. Sets up its own small venv (dashboard/.venv)
# idempotently. ApiFuzzIT runs it (so `make test` does) against a real dashboard on 127.0.0.1 over a small warehouse.
#
# Usage: scripts/fuzz-api.sh http://127.0.0.1:PORT [schemathesis run options, e.g. --max-examples 200 --seed 7]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 1 ] || [[ "$1" != http://* ]]; then
  echo "usage: scripts/fuzz-api.sh http://127.0.0.1:PORT [schemathesis run options]" >&2
  exit 2
fi
BASE=${1%/}
shift

VENV=dashboard/.venv
REQS="schemathesis==4.32.5"
if [ ! -x "$VENV/bin/schemathesis" ] || [ "$(cat "$VENV/.reqs" 2>/dev/null)" != "$REQS" ]; then
  echo "fuzz-api: creating $VENV ($REQS)" >&2
  python3 -m venv "$VENV"
  # shellcheck disable=SC2086
  "$VENV/bin/pip" install -q --disable-pip-version-check $REQS
  echo "$REQS" > "$VENV/.reqs"
fi

# Checks: no 5xx, and every answer as the document describes it. Not negative_data_rejection/positive_data_acceptance:
# the schema cannot say which hours exist on the calendar or which types the data holds, and blanks mean "not set".
# The stateful phase needs links between operations; this API has none. No example database: each run stands alone
# (a fixed --seed makes it repeatable); its crash cache goes to a temporary directory, not the work tree, so report
# paths given to it must be absolute.
export NO_PROXY="127.0.0.1,localhost" no_proxy="127.0.0.1,localhost"
ST="$PWD/$VENV/bin/schemathesis"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
"$ST" run "$BASE/api/openapi.json" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,unsupported_method,allow_header_conformance \
  --phases examples,coverage,fuzzing --workers 1 --request-timeout 60 --suppress-health-check too_slow \
  --generation-database none \
  --max-examples 40 "$@"
