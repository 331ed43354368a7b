"""A missing manifest: the real DAG run waits in reschedule mode, then fails with a message naming the manifest."""

from __future__ import annotations

from datetime import datetime, timezone

from dag_runs import captured_logs, run_for_hour, task_states


def test_missing_manifest_times_out_with_a_clear_message_and_an_alert(dagbag, tmp_path, monkeypatch):
    lake = tmp_path / "lake"
    (lake / "_manifests" / "events").mkdir(parents=True)
    monkeypatch.setenv("GH_ACTIVITY_LAKE", str(lake))
    monkeypatch.setenv("GH_ACTIVITY_WAREHOUSE", f"duckdb:{tmp_path / 'warehouse.duckdb'}")
    monkeypatch.setenv("GH_ACTIVITY_SENSOR_TIMEOUT_S", "3")
    monkeypatch.setenv("GH_ACTIVITY_SENSOR_POKE_S", "1")
    dag = dagbag.get_dag("gh_activity_hourly_load")

    with captured_logs() as logs:
        run = run_for_hour(dag, datetime(2022, 6, 3, 17, tzinfo=timezone.utc))

    expected = f"{lake}/_manifests/events/dt=2022-06-03/hr=17.json"
    states = task_states(run)
    assert run.state == "failed"
    assert states["wait_for_manifest"] == "failed"
    assert states["load_local"] == "upstream_failed" and states["mark_hour_done"] == "upstream_failed"
    text = logs.getvalue()
    assert f"no completion manifest for hour 2022-06-03T17 at {expected} after 3s" in text
    assert "gh-activity ALERT: gh_activity_hourly_load.wait_for_manifest failed for hour 2022-06-03T17" in text
    assert not (tmp_path / "warehouse.duckdb").exists()
    # It waited in reschedule mode: between looks the task gave its worker slot back (one row per hand-back).
    assert reschedule_count(run, "wait_for_manifest") >= 1


def reschedule_count(run, task_id: str) -> int:
    from airflow.models.taskreschedule import TaskReschedule
    from airflow.utils.session import create_session

    with create_session() as session:
        return session.query(TaskReschedule).filter(
            TaskReschedule.dag_id == run.dag_id, TaskReschedule.run_id == run.run_id,
            TaskReschedule.task_id == task_id).count()
