"""The sensor's S3 path against a real S3-compatible server (s3proxy): found when the object is there, a timeout
naming the s3a:// manifest when it is not. Only the sensor task of the real DAG runs (``partial_subset``)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from dag_runs import captured_logs, run_for_hour, task_states
from local_s3 import airflow_connection_json, local_s3, s3_client


@pytest.fixture
def s3_lake(tmp_path, monkeypatch):
    with local_s3(tmp_path) as endpoint:
        client = s3_client(endpoint)
        client.create_bucket(Bucket="gh-lake")
        monkeypatch.setenv("AIRFLOW_CONN_GH_ACTIVITY_S3_TEST", airflow_connection_json(endpoint))
        monkeypatch.setenv("GH_ACTIVITY_AWS_CONN_ID", "gh_activity_s3_test")
        monkeypatch.setenv("GH_ACTIVITY_LAKE", "s3a://gh-lake/lake/")
        monkeypatch.setenv("GH_ACTIVITY_SENSOR_TIMEOUT_S", "3")
        monkeypatch.setenv("GH_ACTIVITY_SENSOR_POKE_S", "1")
        yield client


def sensor_only(dagbag):
    dag = dagbag.get_dag("gh_activity_hourly_load")
    return dag.partial_subset(task_ids_or_regex="^wait_for_manifest$", include_downstream=False,
                              include_upstream=False)


def test_sensor_finds_a_manifest_on_s3(dagbag, s3_lake):
    s3_lake.put_object(Bucket="gh-lake", Key="lake/_manifests/events/dt=2022-06-02/hr=03.json",
                       Body=b'{"formatVersion":1,"hour":"2022-06-02T03","files":[],"rows":0}')
    run = run_for_hour(sensor_only(dagbag), datetime(2022, 6, 2, 3, tzinfo=timezone.utc))
    assert run.state == "success"
    assert task_states(run) == {"wait_for_manifest": "success"}


def test_sensor_times_out_naming_the_s3_manifest(dagbag, s3_lake):
    # Another hour's manifest is there; the one this run needs is not.
    s3_lake.put_object(Bucket="gh-lake", Key="lake/_manifests/events/dt=2022-06-02/hr=03.json", Body=b"{}")
    with captured_logs() as logs:
        run = run_for_hour(sensor_only(dagbag), datetime(2022, 6, 2, 4, tzinfo=timezone.utc))
    assert run.state == "failed"
    assert ("no completion manifest for hour 2022-06-02T04 at "
            "s3a://gh-lake/lake/_manifests/events/dt=2022-06-02/hr=04.json after 3s") in logs.getvalue()
