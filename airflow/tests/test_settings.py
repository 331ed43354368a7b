"""include.settings: lookup order, defaults, validation."""

from __future__ import annotations

import pytest

from include.settings import PROJECT_ROOT, SPECS, Settings


def no_variables(name):
    return None


def test_defaults_point_into_the_project_checkout():
    s = Settings.load(no_variables, environ={})
    assert s.lake == str(PROJECT_ROOT / "work" / "lake")
    assert s.warehouse == "duckdb:" + str(PROJECT_ROOT / "work" / "warehouse.duckdb")
    assert s.runner == "local"
    assert s.launcher == str(PROJECT_ROOT / "bin" / "gh-activity")
    assert (s.sensor_timeout_s, s.sensor_poke_s) == (21600, 300)
    assert s.ecs_subnets == ()


def test_an_airflow_variable_wins_over_the_environment_which_wins_over_the_default():
    variables = {"GH_ACTIVITY_LAKE": "s3a://bucket/lake"}
    env = {"GH_ACTIVITY_LAKE": "/env/lake", "GH_ACTIVITY_WAREHOUSE": "duckdb:/env/w.duckdb"}
    s = Settings.load(variables.get, environ=env)
    assert s.lake == "s3a://bucket/lake"
    assert s.warehouse == "duckdb:/env/w.duckdb"


def test_ecs_settings_parse_lists():
    env = {"GH_ACTIVITY_LOADER_RUNNER": "ECS", "GH_ACTIVITY_ECS_SUBNETS": "subnet-a, subnet-b,",
           "GH_ACTIVITY_ECS_SECURITY_GROUPS": "sg-1"}
    s = Settings.load(no_variables, environ=env)
    assert s.runner == "ecs"
    assert s.ecs_subnets == ("subnet-a", "subnet-b")
    assert s.ecs_security_groups == ("sg-1",)


@pytest.mark.parametrize("env, message", [
    ({"GH_ACTIVITY_LOADER_RUNNER": "k8s"}, "GH_ACTIVITY_LOADER_RUNNER='k8s' is not one of local, ecs"),
    ({"GH_ACTIVITY_SENSOR_TIMEOUT_S": "6h"}, "GH_ACTIVITY_SENSOR_TIMEOUT_S='6h' is not a whole number"),
    ({"GH_ACTIVITY_SENSOR_POKE_S": "0"}, "GH_ACTIVITY_SENSOR_POKE_S='0' must be > 0"),
    ({"GH_ACTIVITY_LOADER_RUNNER": "ecs"}, "needs GH_ACTIVITY_ECS_SUBNETS"),
    ({"GH_ACTIVITY_WAREHOUSE": "redshift:jdbc:redshift:iam://wg:5439/dev"}, "needs GH_ACTIVITY_COPY_STAGING=s3://"),
])
def test_invalid_settings_fail_with_a_message_naming_the_setting(env, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        Settings.load(no_variables, environ=env)


def test_every_setting_is_documented_in_the_readme():
    readme = (PROJECT_ROOT / "airflow" / "README.md").read_text()
    missing = [spec.name for spec in SPECS if f"`{spec.name}`" not in readme]
    assert missing == []


def test_a_redshift_load_gets_the_copy_role_and_staging_flags_duckdb_none():
    env = {"GH_ACTIVITY_WAREHOUSE": "redshift:jdbc:redshift:iam://wg:5439/dev",
           "GH_ACTIVITY_COPY_STAGING": "s3://lake/_staging/loader"}
    assert Settings.load(no_variables, environ=env).copy_flags() == [
        "--iam-role", "default", "--s3-staging", "s3://lake/_staging/loader"]
    env["GH_ACTIVITY_REDSHIFT_IAM_ROLE"] = "arn:aws:iam::123456789012:role/copy"
    assert Settings.load(no_variables, environ=env).copy_flags()[:2] == ["--iam-role", "arn:aws:iam::123456789012:role/copy"]
    assert Settings.load(no_variables, environ={}).copy_flags() == []
