"""DAG integrity: every DAG file imports cleanly into a real DagBag and follows the project's DAG conventions."""

from __future__ import annotations

import ast
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from conftest import AIRFLOW_DIR, DAGS_DIR

DAG_FILES = sorted(p for p in DAGS_DIR.glob("*.py") if not p.name.startswith("_"))


def test_there_are_dag_files():
    assert {"gh_activity_hourly_load.py", "gh_activity_pending_sweep.py"} <= {p.name for p in DAG_FILES}


def test_every_dag_file_imports_without_errors(dagbag):
    assert dagbag.import_errors == {}, f"DAG import errors: {dagbag.import_errors}"
    assert dagbag.size() == len(DAG_FILES)


@pytest.mark.parametrize("path", DAG_FILES, ids=lambda p: p.name)
def test_one_dag_per_file_with_a_dag_id_constant(dagbag, path):
    dags = [d for d in dagbag.dags.values() if d.fileloc == str(path)]
    assert len(dags) == 1, f"{path.name} defines {len(dags)} DAGs"
    tree = ast.parse(path.read_text())
    constants = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
                 for t in n.targets if isinstance(t, ast.Name) and isinstance(n.value, ast.Constant)}
    assert constants.get("DAG_ID") == dags[0].dag_id


def test_every_dag_follows_the_conventions(dagbag):
    for dag in dagbag.dags.values():
        assert dag.tags, f"{dag.dag_id} has no tags"
        assert dag.doc_md and dag.doc_md.strip(), f"{dag.dag_id} has no doc_md"
        assert dag.start_date == datetime(2022, 6, 1, 0, tzinfo=timezone.utc)
        assert dag.start_date.utcoffset().total_seconds() == 0
        # No catch-up: the backfill is one `load --pending` run of the sweep DAG, not one run (and task start) per hour.
        assert dag.catchup is False
        assert dag.max_active_runs == 1
        for task in dag.tasks:
            assert task.retries >= 2, f"{dag.dag_id}.{task.task_id} has retries={task.retries}"
            assert task.retry_exponential_backoff, f"{dag.dag_id}.{task.task_id} retries without backoff"
            assert task.on_failure_callback, f"{dag.dag_id}.{task.task_id} has no failure alert"


def test_hourly_dag_shape(dagbag):
    dag = dagbag.get_dag("gh_activity_hourly_load")
    assert dag.end_date is None  # open end = live hourly schedule after the backfill
    sensor = dag.get_task("wait_for_manifest")
    assert sensor.mode == "reschedule"
    assert dag.get_task("wait_for_manifest").downstream_task_ids == {"choose_runner"}
    assert dag.get_task("choose_runner").downstream_task_ids == {"load_local", "load_ecs"}
    assert dag.get_task("load_local").downstream_task_ids == {"check_local"}
    assert dag.get_task("load_ecs").downstream_task_ids == {"check_ecs"}
    done = dag.get_task("mark_hour_done")
    assert done.upstream_task_ids == {"check_local", "check_ecs"}
    assert [o.uri for o in done.outlets] == ["gh-activity://warehouse/hourly"]


def test_sweep_dag_shape(dagbag):
    dag = dagbag.get_dag("gh_activity_pending_sweep")
    assert dag.end_date is None
    assert dag.get_task("choose_runner").downstream_task_ids == {"sweep_local", "sweep_ecs"}
    announce = dag.get_task("announce")
    assert announce.upstream_task_ids == {"sweep_local", "sweep_ecs"}
    assert [o.uri for o in announce.outlets] == ["gh-activity://warehouse/hourly"]
    assert dag.get_task("sweep_ecs").command == "sweep"
    # A sweep every 15 minutes: a new revision or a newly closed hour waits at most that long plus its load.
    infos = list(dag.iter_dagrun_infos_between(datetime(2022, 6, 1, 0, tzinfo=timezone.utc),
                                               datetime(2022, 6, 1, 1, tzinfo=timezone.utc)))
    assert [(i.data_interval.end - i.data_interval.start).total_seconds() for i in infos] == [900.0] * len(infos)


# Imports each DAG file in a fresh interpreter after Airflow itself is loaded, with file, network, process,
# Variable and Connection access turned into errors: any of them at parse time fails the import.
NO_IO_PROBE = r'''
import builtins, importlib.util, socket, subprocess, sys
import pendulum, airflow, airflow.models.dag, airflow.datasets, airflow.decorators, airflow.sensors.base
import airflow.providers.amazon.aws.operators.ecs, airflow.utils.trigger_rule
from airflow.models import Variable
from airflow.hooks.base import BaseHook
from airflow.providers_manager import ProvidersManager

# Airflow's own one-time discovery (provider metadata files) is framework start-up, not the DAG's doing: warm it.
ProvidersManager().dataset_uri_handlers

def forbid(what):
    def raiser(*a, **k):
        raise RuntimeError(f"I/O at DAG import time: {what} {a[:1]}")
    return raiser

builtins.open = forbid("open")
socket.socket.connect = forbid("socket.connect")
subprocess.Popen.__init__ = forbid("subprocess")
Variable.get = staticmethod(forbid("Variable.get"))
BaseHook.get_connection = classmethod(forbid("get_connection"))

path = sys.argv[1]
spec = importlib.util.spec_from_file_location("dag_under_probe", path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
print("imported", module.DAG_ID)
'''


@pytest.mark.parametrize("path", DAG_FILES, ids=lambda p: p.name)
def test_no_io_at_import_time_and_settings_unset(path, tmp_path):
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("GH_ACTIVITY_")}
    env["PYTHONPATH"] = str(AIRFLOW_DIR)
    proc = subprocess.run([sys.executable, "-c", NO_IO_PROBE, str(path)], env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "imported " in proc.stdout


def test_hourly_runs_are_keyed_on_the_hour_they_load(dagbag):
    """June 2022 as hourly runs (what `airflow dags backfill` would create): 720, each keyed on the hour it loads."""
    from include.hours import hour_id

    dag = dagbag.get_dag("gh_activity_hourly_load")
    june = list(dag.iter_dagrun_infos_between(datetime(2022, 6, 1, 0, tzinfo=timezone.utc),
                                              datetime(2022, 6, 30, 23, tzinfo=timezone.utc)))
    hours = [hour_id(info.data_interval.start) for info in june]
    assert len(hours) == 720 == len(set(hours))
    assert hours[0] == "2022-06-01T00" and hours[-1] == "2022-06-30T23"
    assert all((info.data_interval.end - info.data_interval.start).total_seconds() == 3600 for info in june)
    # Without catch-up the scheduler starts at the latest hour; the sweep has loaded everything before it.
    first = dag.next_dagrun_info(None)
    assert first.data_interval.start > datetime(2022, 7, 1, tzinfo=timezone.utc)
