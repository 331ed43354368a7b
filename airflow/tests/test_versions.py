"""The pinned versions agree: requirements.txt, the lock, the venv the tests run in, and the MWAA environment."""

from __future__ import annotations

import re
import sys
from importlib.metadata import version

from conftest import AIRFLOW_DIR, PROJECT_ROOT

# The Airflow versions Amazon MWAA runs on Python 3.11 (its Airflow 3 versions run on 3.12).
MWAA_PY311_VERSIONS = {"2.10.1", "2.10.3", "2.11.0"}


def pins(path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)", line.strip())
        if m:
            found[m.group(1).lower()] = m.group(2)
    return found


def test_airflow_is_an_mwaa_version_on_this_python():
    pinned = pins(AIRFLOW_DIR / "requirements.txt")["apache-airflow"]
    assert pinned in MWAA_PY311_VERSIONS
    assert sys.version_info[:2] == (3, 11), (
        f"the tests run on Python {sys.version.split()[0]}; MWAA runs Airflow {pinned} on 3.11 (set AIRFLOW_PYTHON)")


def test_the_venv_is_the_lock():
    lock = pins(AIRFLOW_DIR / "constraints.txt")
    for package in ("apache-airflow", "apache-airflow-providers-amazon", "duckdb", "pytest"):
        assert version(package) == lock[package], package
    assert lock["apache-airflow"] == pins(AIRFLOW_DIR / "requirements.txt")["apache-airflow"]


def test_terraform_creates_mwaa_with_the_same_airflow_version():
    variables = (PROJECT_ROOT / "terraform" / "variables.tf").read_text()
    block = variables[variables.index('variable "airflow_version"'):]
    default = re.search(r'default\s*=\s*"([^"]+)"', block).group(1)
    assert default == pins(AIRFLOW_DIR / "requirements.txt")["apache-airflow"]
