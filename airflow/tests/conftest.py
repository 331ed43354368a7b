"""Real Airflow for the tests: a throw-away AIRFLOW_HOME with its own SQLite metadata DB, no example DAGs.

The environment is set before anything imports airflow (this file is loaded first), because Airflow reads its
configuration once, at import.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

AIRFLOW_DIR = Path(__file__).resolve().parents[1]
PROJECT_ROOT = AIRFLOW_DIR.parent
DAGS_DIR = AIRFLOW_DIR / "dags"

_HOME = tempfile.mkdtemp(prefix="gh-activity-airflow-")
os.environ["AIRFLOW_HOME"] = _HOME
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAGS_DIR)
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__UNIT_TEST_MODE"] = "True"
os.environ["AIRFLOW__CORE__EXECUTOR"] = "SequentialExecutor"
os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = f"sqlite:///{_HOME}/airflow.db"
os.environ["AIRFLOW__LOGGING__LOGGING_LEVEL"] = "INFO"
# The settings must come from each test, never from the caller's shell.
for _name in [n for n in os.environ if n.startswith(("GH_ACTIVITY_", "AIRFLOW_VAR_GH_ACTIVITY_"))]:
    del os.environ[_name]


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def airflow_db():
    """A fresh metadata DB for the whole session (about 10 s on SQLite)."""
    from airflow.utils import db

    db.resetdb()
    yield


@pytest.fixture(scope="session")
def dagbag(airflow_db):
    from airflow.models import DagBag

    bag = DagBag(dag_folder=str(DAGS_DIR), include_examples=False)
    # What the DAG processor does in a deployment: serialise the DAGs and register their datasets (a dataset event is
    # only recorded for a dataset the metadata DB knows).
    bag.sync_to_db()
    return bag
