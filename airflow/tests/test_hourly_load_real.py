"""The hourly DAG executed for real: lake from the real samples, the real loader through bin/gh-activity, DuckDB.

The lake is written by test-support's LakeFixtureMain (the project's own contract-conformant lake + manifests writer)
from the real samples in ../shared/data/real; each hour runs through ``dag.test()`` with runner ``local``. The
expected counts come from real_samples.py, an independent Python count of the same files.

The DAG starts 2022-06-01 and Airflow creates no task for a run before its start date, so the hours run are from the
one real sample recorded after that (JuliaLang/julia events of 2025-03-20). The lake also holds the 2021 pinot hours,
which no run asks for: the warehouse must hold exactly the hours that ran, nothing more.
"""

from __future__ import annotations

import subprocess
from datetime import datetime, timezone

import duckdb
import pytest

from conftest import PROJECT_ROOT
from dag_runs import captured_logs, run_for_hour, task_states
from real_samples import expected_counts

SAMPLES = ("GHMAP_JULIA", "PINOT_2021_07_21")
HOURS = ("2025-03-20T17", "2025-03-20T20", "2025-03-20T21")
RERUN = "2025-03-20T20"
LOADER_JAR = PROJECT_ROOT / "loader" / "target" / "loader.jar"
FIXTURE_JAR = PROJECT_ROOT / "test-support" / "target" / "test-support.jar"


def hour_start(hour: str) -> datetime:
    return datetime.strptime(hour, "%Y-%m-%dT%H").replace(tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def lake(tmp_path_factory):
    for jar in (LOADER_JAR, FIXTURE_JAR):
        assert jar.is_file() and (jar.parent / "lib").is_dir(), (
            f"{jar} or its lib/ is missing: run 'make build' (scripts/test-airflow.sh does it when needed)")
    out = tmp_path_factory.mktemp("lake")
    classpath = f"{FIXTURE_JAR}:{FIXTURE_JAR.parent / 'lib'}/*"
    proc = subprocess.run(
        ["java", "-Xmx512m", f"-Dgh.root={PROJECT_ROOT}", "-cp", classpath,
         "io.ghactivity.testsupport.LakeFixtureMain", str(out), *SAMPLES],
        capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"LakeFixtureMain failed:\n{proc.stdout}\n{proc.stderr}"
    return out


@pytest.fixture
def settings(lake, tmp_path_factory, monkeypatch):
    warehouse = tmp_path_factory.getbasetemp() / "warehouse.duckdb"
    monkeypatch.setenv("GH_ACTIVITY_LAKE", str(lake))
    monkeypatch.setenv("GH_ACTIVITY_WAREHOUSE", f"duckdb:{warehouse}")
    monkeypatch.setenv("GH_ACTIVITY_LOADER_RUNNER", "local")
    monkeypatch.setenv("GH_ACTIVITY_LAUNCHER", str(PROJECT_ROOT / "bin" / "gh-activity"))
    monkeypatch.setenv("GH_ACTIVITY_SENSOR_TIMEOUT_S", "60")
    monkeypatch.setenv("GH_ACTIVITY_SENSOR_POKE_S", "1")
    return warehouse


def warehouse_state(path) -> dict:
    """Every table of the warehouse, in full and sorted: facts, marts, load_log, quality checks.

    ``gh-activity check`` records its results again on each run (same rows, a new ``checked_at``), so that one audit
    timestamp is left out; everything else must be identical after a re-run.
    """
    state = {}
    with duckdb.connect(str(path), read_only=True) as db:
        tables = [t for (t,) in db.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1").fetchall()]
        for table in tables:
            columns = "* EXCLUDE (checked_at)" if table == "quality_checks" else "*"
            state[table] = db.execute(f"SELECT {columns} FROM {table} ORDER BY ALL").fetchall()
        state["per_hour_type"] = db.execute(
            "SELECT strftime(event_hour, '%Y-%m-%dT%H'), type, count(*), count(DISTINCT id) "
            "FROM github_events GROUP BY ALL ORDER BY ALL").fetchall()
    assert {"github_events", "load_log", "hourly_activity", "quality_checks"} <= set(tables), tables
    return state


def run_hour_ok(dag, hour: str):
    with captured_logs() as logs:
        run = run_for_hour(dag, hour_start(hour))
    states = task_states(run)
    assert run.state == "success", f"run for {hour} ended {run.state}: {states}\n{logs.getvalue()[-4000:]}"
    assert states == {"wait_for_manifest": "success", "choose_runner": "success", "load_local": "success",
                      "check_local": "success", "load_ecs": "skipped", "check_ecs": "skipped",
                      "mark_hour_done": "success"}
    return run


def test_dag_loads_real_hours_with_exact_counts_and_a_rerun_changes_nothing(dagbag, settings):
    dag = dagbag.get_dag("gh_activity_hourly_load")
    expected = expected_counts(*SAMPLES)

    for hour in HOURS:
        run_hour_ok(dag, hour)

    state = warehouse_state(settings)
    loaded_hours = {h for h, _, _, _ in state["per_hour_type"]}
    assert loaded_hours == set(HOURS)
    per_hour = {h: sum(n for hh, _, n, _ in state["per_hour_type"] if hh == h) for h in HOURS}
    assert per_hour == {h: expected.per_hour[h] for h in HOURS}
    assert per_hour == {"2025-03-20T17": 20, "2025-03-20T20": 26, "2025-03-20T21": 16}  # PROVENANCE.md's file
    per_type = {(h, t): n for h, t, n, _ in state["per_hour_type"]}
    assert per_type == {k: v for k, v in expected.per_hour_type.items() if k[0] in HOURS}
    assert all(n == distinct for _, _, n, distinct in state["per_hour_type"]), "duplicate event ids"
    assert len(state["load_log"]) == len(HOURS)
    assert sorted(r[1] for r in state["quality_checks"]) == sorted(  # every check of every hour ran and passed
        ["created_at_in_hour", "no_duplicate_ids", "required_not_null", "rows_match_manifest"] * len(HOURS))
    assert all(r[2] is True for r in state["quality_checks"])

    # Run an already-loaded hour again: every task succeeds, and the warehouse is exactly as it was.
    run_hour_ok(dag, RERUN)
    assert warehouse_state(settings) == state

    # Each run announced its hour downstream; the re-run announced it again (the warehouse did not change).
    assert sorted(h for h in dataset_event_hours() if h in HOURS) == sorted([*HOURS, RERUN])


def dataset_event_hours() -> list[str]:
    from airflow.models.dataset import DatasetEvent, DatasetModel
    from airflow.utils.session import create_session

    with create_session() as session:
        events = (session.query(DatasetEvent).join(DatasetModel, DatasetEvent.dataset_id == DatasetModel.id)
                  .filter(DatasetModel.uri == "gh-activity://warehouse/hourly").all())
        return [e.extra["hour"] for e in events if "hour" in (e.extra or {})]  # the sweep's events list "hours"


def test_a_failed_quality_check_fails_the_run_with_the_checks_report(dagbag, lake, tmp_path, monkeypatch):
    warehouse = tmp_path / "damaged.duckdb"
    monkeypatch.setenv("GH_ACTIVITY_LAKE", str(lake))
    monkeypatch.setenv("GH_ACTIVITY_WAREHOUSE", f"duckdb:{warehouse}")
    monkeypatch.setenv("GH_ACTIVITY_LAUNCHER", str(PROJECT_ROOT / "bin" / "gh-activity"))
    monkeypatch.setenv("GH_ACTIVITY_SENSOR_POKE_S", "1")
    dag = dagbag.get_dag("gh_activity_hourly_load")
    run_hour_ok(dag, "2025-03-20T22")

    # Damage the loaded hour behind the loader's back: one event twice.
    with duckdb.connect(str(warehouse)) as db:
        db.execute("INSERT INTO github_events SELECT * FROM github_events "
                   "WHERE event_hour = TIMESTAMP '2025-03-20 22:00:00' LIMIT 1")

    with captured_logs() as logs:
        run = run_for_hour(dag, hour_start("2025-03-20T22"))
    states = task_states(run)
    assert run.state == "failed"
    assert states["load_local"] == "success"  # same manifest: the load is a no-op
    assert states["check_local"] == "failed" and states["mark_hour_done"] == "upstream_failed"
    text = logs.getvalue()
    assert "gh-activity check --hour 2025-03-20T22: quality checks FAILED for hour 2025-03-20T22 (exit 3)" in text
    assert '"check": "no_duplicate_ids", "passed": false' in text
    assert "gh-activity ALERT: gh_activity_hourly_load.check_local failed for hour 2025-03-20T22" in text
