"""include.ecs_runner: the ECS task gets the same loader command and the run-time settings (no AWS call made)."""

from __future__ import annotations

import pendulum
import pytest

from include.ecs_runner import GhActivityEcsOperator, ecs_command, ecs_network
from include.settings import Settings


@pytest.fixture
def ecs_env(monkeypatch):
    monkeypatch.setenv("GH_ACTIVITY_LOADER_RUNNER", "ecs")
    monkeypatch.setenv("GH_ACTIVITY_LAKE", "s3a://lake-bucket/lake")
    monkeypatch.setenv("GH_ACTIVITY_WAREHOUSE", "redshift:jdbc:redshift://wg.example:5439/dev")
    monkeypatch.setenv("GH_ACTIVITY_ECS_CLUSTER", "prod-cluster")
    monkeypatch.setenv("GH_ACTIVITY_ECS_TASK_DEFINITION", "gh-activity-loader:7")
    monkeypatch.setenv("GH_ACTIVITY_ECS_SUBNETS", "subnet-1,subnet-2")
    monkeypatch.setenv("GH_ACTIVITY_ECS_SECURITY_GROUPS", "sg-9")
    monkeypatch.setenv("GH_ACTIVITY_COPY_STAGING", "s3://lake-bucket/_staging/loader")


def test_commands_match_the_local_runner(ecs_env):
    s = Settings.load(lambda n: None)
    assert ecs_command("load", s, "2022-06-01T05") == [
        "load", "--lake", "s3a://lake-bucket/lake", "--warehouse", "redshift:jdbc:redshift://wg.example:5439/dev",
        "--hour", "2022-06-01T05", "--iam-role", "default", "--s3-staging", "s3://lake-bucket/_staging/loader"]
    assert ecs_command("sweep", s, "2022-06-01T05") == [
        "load", "--lake", "s3a://lake-bucket/lake", "--warehouse", "redshift:jdbc:redshift://wg.example:5439/dev",
        "--pending", "--iam-role", "default", "--s3-staging", "s3://lake-bucket/_staging/loader"]
    # check reads the warehouse only: no lake, no COPY flags.
    assert ecs_command("check", s, "2022-06-01T05") == [
        "check", "--warehouse", "redshift:jdbc:redshift://wg.example:5439/dev", "--hour", "2022-06-01T05"]
    with pytest.raises(ValueError):
        ecs_command("drop", s, "2022-06-01T05")
    assert ecs_network(s) == {"awsvpcConfiguration": {
        "subnets": ["subnet-1", "subnet-2"], "assignPublicIp": "DISABLED", "securityGroups": ["sg-9"]}}


def test_operator_takes_its_settings_at_run_time(ecs_env, airflow_db):
    op = GhActivityEcsOperator(task_id="load_ecs_probe", command="load")
    assert op.reattach and op.deferrable
    op._apply_settings({"data_interval_start": pendulum.datetime(2022, 6, 1, 5, tz="UTC")})
    assert (op.cluster, op.task_definition, op.launch_type) == ("prod-cluster", "gh-activity-loader:7", "FARGATE")
    assert op.overrides["containerOverrides"][0]["command"][5:9] == [
        "--hour", "2022-06-01T05", "--iam-role", "default"]
    assert op.network_configuration["awsvpcConfiguration"]["subnets"] == ["subnet-1", "subnet-2"]


def test_the_sweep_operator_runs_on_a_quarter_hour(ecs_env, airflow_db):
    op = GhActivityEcsOperator(task_id="sweep_ecs_probe", command="sweep")
    op._apply_settings({"data_interval_start": pendulum.datetime(2022, 6, 1, 5, 15, tz="UTC")})
    assert "--pending" in op.overrides["containerOverrides"][0]["command"]
