"""The sweep DAG executed for real: a late revision of an already-loaded hour reaches the warehouse.

test-support's LakeFixtureMain writes the lake from the real ghmap sample; the hourly DAG loads hour H through the
real loader (bin/gh-activity, DuckDB); then revision 2 of H is published the way the streaming job publishes one
(late rows as a new file in the hour's partition, the manifest rewritten with revision + 1 and every file); then
``gh_activity_pending_sweep`` runs: the warehouse shows revision 2 with the late row, every other closed hour of the
lake is loaded too (the backfill path), and a second sweep finds nothing to do and changes nothing.
"""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pytest

from conftest import PROJECT_ROOT
from dag_runs import captured_logs, run_for_hour, task_states
from real_samples import expected_counts

# An hour no other real-run test loads: dataset events of the hourly DAG are counted per hour there.
HOUR = "2025-03-20T19"
LOADER_JAR = PROJECT_ROOT / "loader" / "target" / "loader.jar"
FIXTURE_JAR = PROJECT_ROOT / "test-support" / "target" / "test-support.jar"


@pytest.fixture
def lake_and_warehouse(tmp_path, monkeypatch):
    for jar in (LOADER_JAR, FIXTURE_JAR):
        assert jar.is_file() and (jar.parent / "lib").is_dir(), f"{jar} or its lib/ is missing: run 'make build'"
    lake = tmp_path / "lake"
    proc = subprocess.run(
        ["java", "-Xmx512m", f"-Dgh.root={PROJECT_ROOT}", "-cp", f"{FIXTURE_JAR}:{FIXTURE_JAR.parent / 'lib'}/*",
         "io.ghactivity.testsupport.LakeFixtureMain", str(lake), "GHMAP_JULIA"],
        capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"LakeFixtureMain failed:\n{proc.stdout}\n{proc.stderr}"
    warehouse = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("GH_ACTIVITY_LAKE", str(lake))
    monkeypatch.setenv("GH_ACTIVITY_WAREHOUSE", f"duckdb:{warehouse}")
    monkeypatch.setenv("GH_ACTIVITY_LOADER_RUNNER", "local")
    monkeypatch.setenv("GH_ACTIVITY_LAUNCHER", str(PROJECT_ROOT / "bin" / "gh-activity"))
    monkeypatch.setenv("GH_ACTIVITY_SENSOR_POKE_S", "1")
    return lake, warehouse


def manifest_path(lake: Path, hour: str) -> Path:
    return lake / "_manifests" / "events" / f"dt={hour[:10]}" / f"hr={hour[11:13]}.json"


def publish_revision_2(lake: Path, hour: str) -> int:
    """Late rows re-open the hour: one new event in a new file, the manifest rewritten with revision 2. Returns its id."""
    path = manifest_path(lake, hour)
    manifest = json.loads(path.read_text())
    first = manifest["files"][0]["path"]
    late = Path(first).parent / "part-00000-rev2.zstd.parquet"
    with duckdb.connect() as db:
        late_id = db.execute(f"SELECT max(id) + 1 FROM read_parquet('{first}')").fetchone()[0]
        # Same types and codec as every lake file: a copy of one row of the hour under a new id.
        db.execute(f"COPY (SELECT * REPLACE ({late_id} AS id) FROM read_parquet('{first}') LIMIT 1) "
                   f"TO '{late}' (FORMAT PARQUET, COMPRESSION ZSTD)")
    manifest["revision"] = 2
    manifest["files"].append({"path": str(late), "bytes": late.stat().st_size, "rows": 1})
    manifest["rows"] += 1
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(manifest, indent=2))
    tmp.replace(path)  # the stream replaces manifests atomically too
    return late_id


def warehouse_rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as db:
        return db.execute(sql).fetchall()


def run_sweep(dagbag, when: datetime):
    dag = dagbag.get_dag("gh_activity_pending_sweep")
    with captured_logs() as logs:
        run = dag.test(execution_date=when)
    states = task_states(run)
    assert run.state == "success", f"sweep ended {run.state}: {states}\n{logs.getvalue()[-4000:]}"
    assert states == {"choose_runner": "success", "sweep_local": "success", "sweep_ecs": "skipped", "announce": "success"}
    return run


def test_a_revision_published_after_its_hour_was_loaded_reaches_the_warehouse(dagbag, lake_and_warehouse):
    lake, warehouse = lake_and_warehouse
    hourly = dagbag.get_dag("gh_activity_hourly_load")
    start = datetime.strptime(HOUR, "%Y-%m-%dT%H").replace(tzinfo=timezone.utc)
    run = run_for_hour(hourly, start)
    assert run.state == "success", task_states(run)
    event_hour = f"TIMESTAMP '{HOUR[:10]} {HOUR[11:13]}:00:00'"
    expected = expected_counts("GHMAP_JULIA").per_hour
    rows = expected[HOUR]
    assert rows == 9  # PROVENANCE.md's file
    assert warehouse_rows(warehouse, f"SELECT revision, rows_loaded FROM load_log WHERE event_hour = {event_hour}") == [(1, rows)]

    late_id = publish_revision_2(lake, HOUR)
    sweep = run_sweep(dagbag, datetime(2025, 3, 21, 0, 15, tzinfo=timezone.utc))

    assert warehouse_rows(warehouse, f"SELECT revision, rows_loaded FROM load_log WHERE event_hour = {event_hour}") == [(2, rows + 1)]
    assert warehouse_rows(warehouse, f"SELECT count(*), count(DISTINCT id), count(*) FILTER (id = {late_id}) "
                                     f"FROM github_events WHERE event_hour = {event_hour}") == [(rows + 1, rows + 1, 1)]
    assert warehouse_rows(warehouse, f"SELECT events FROM hourly_totals WHERE event_hour = {event_hour}") == [(rows + 1,)]
    # The backfill path: every other closed hour of the lake was loaded by the same sweep, exactly.
    loaded = dict(warehouse_rows(warehouse, "SELECT strftime(event_hour, '%Y-%m-%dT%H'), count(*) FROM github_events GROUP BY 1"))
    assert loaded == {**expected, HOUR: expected[HOUR] + 1}
    announced = sweep.get_task_instance("announce").xcom_pull(task_ids="announce")
    assert HOUR in announced and len(announced) == len(expected)

    # Nothing pending any more: a second sweep succeeds and the warehouse stays as it is.
    before = warehouse_rows(warehouse, "SELECT * FROM load_log ORDER BY event_hour")
    again = run_sweep(dagbag, datetime(2025, 3, 21, 0, 30, tzinfo=timezone.utc))
    assert again.get_task_instance("announce").xcom_pull(task_ids="announce") == []
    assert warehouse_rows(warehouse, "SELECT * FROM load_log ORDER BY event_hour") == before
