"""Typed settings of the gh-activity DAGs, read at task run time (never at DAG parse time).

Lookup order for each setting NAME (e.g. ``GH_ACTIVITY_LAKE``):
1. the Airflow Variable ``NAME`` (which Airflow itself also finds as env ``AIRFLOW_VAR_NAME`` or in a secrets backend
   such as AWS Secrets Manager on MWAA),
2. the plain environment variable ``NAME``,
3. the documented default below.

Invalid values fail fast with a message that names the setting and says what to fix.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

# The project root when the DAGs run from a checkout (airflow/include/settings.py -> ../..). Path arithmetic only.
PROJECT_ROOT = Path(__file__).resolve().parents[2]

RUNNERS = ("local", "ecs")


@dataclass(frozen=True)
class Spec:
    """One setting: its name, its default (as text) and a one-line description for the docs."""

    name: str
    default: str
    doc: str


SPECS = (
    Spec("GH_ACTIVITY_LAKE", str(PROJECT_ROOT / "work" / "lake"),
         "lake root: a directory or s3a://bucket/prefix (manifests under _manifests/events/)"),
    Spec("GH_ACTIVITY_WAREHOUSE", "duckdb:" + str(PROJECT_ROOT / "work" / "warehouse.duckdb"),
         "warehouse given to the loader: duckdb:PATH or redshift:JDBC_URL"),
    Spec("GH_ACTIVITY_LOADER_RUNNER", "local",
         "where the loader runs: local (bin/gh-activity on the worker) or ecs (a container task on ECS)"),
    Spec("GH_ACTIVITY_LAUNCHER", str(PROJECT_ROOT / "bin" / "gh-activity"),
         "path of the bin/gh-activity launcher (runner=local)"),
    Spec("GH_ACTIVITY_COMMAND_TIMEOUT_S", "3600", "hard limit for one loader or check command, seconds"),
    Spec("GH_ACTIVITY_SENSOR_TIMEOUT_S", "21600",
         "how long to wait for an hour's manifest before failing and alerting, seconds (6 h)"),
    Spec("GH_ACTIVITY_SENSOR_POKE_S", "300", "seconds between two looks for the manifest (reschedule mode)"),
    Spec("GH_ACTIVITY_AWS_CONN_ID", "aws_default", "Airflow connection for S3 and ECS"),
    Spec("GH_ACTIVITY_ECS_CLUSTER", "gh-activity", "ECS cluster name or ARN (runner=ecs)"),
    Spec("GH_ACTIVITY_ECS_TASK_DEFINITION", "gh-activity-loader", "ECS task definition family[:revision] (runner=ecs)"),
    Spec("GH_ACTIVITY_ECS_CONTAINER", "loader", "container name inside the task definition (runner=ecs)"),
    Spec("GH_ACTIVITY_ECS_SUBNETS", "", "comma-separated subnet ids for the ECS task (runner=ecs, required there)"),
    Spec("GH_ACTIVITY_ECS_SECURITY_GROUPS", "", "comma-separated security group ids for the ECS task (runner=ecs)"),
    Spec("GH_ACTIVITY_ECS_LAUNCH_TYPE", "FARGATE", "ECS launch type (runner=ecs)"),
    Spec("GH_ACTIVITY_ALERT_SNS_TOPIC", "", "SNS topic ARN that receives failure alerts; empty = log only"),
    Spec("GH_ACTIVITY_REDSHIFT_IAM_ROLE", "default",
         "Redshift warehouse: the role COPY assumes to read the lake (--iam-role): default = the namespace's default role, or an ARN"),
    Spec("GH_ACTIVITY_COPY_STAGING", "",
         "Redshift warehouse: s3://bucket/prefix where the loader writes its COPY manifests (--s3-staging; required there)"),
)

Getter = Callable[[str], Optional[str]]


def airflow_variable_getter(name: str) -> Optional[str]:
    """Reads an Airflow Variable (imported lazily so this module stays importable without a metadata DB)."""
    from airflow.models import Variable

    return Variable.get(name, default_var=None)


def _positive_int(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"setting {name}={raw!r} is not a whole number of seconds") from None
    if value <= 0:
        raise ValueError(f"setting {name}={raw!r} must be > 0")
    return value


def _csv(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    """Everything the hourly DAG needs to know about its environment."""

    lake: str
    warehouse: str
    runner: str
    launcher: str
    command_timeout_s: int
    sensor_timeout_s: int
    sensor_poke_s: int
    aws_conn_id: str
    ecs_cluster: str
    ecs_task_definition: str
    ecs_container: str
    ecs_subnets: tuple[str, ...]
    ecs_security_groups: tuple[str, ...]
    ecs_launch_type: str
    alert_sns_topic: str
    redshift_iam_role: str = "default"
    copy_staging: str = ""

    def copy_flags(self) -> list[str]:
        """The loader flags a load into this warehouse needs: Redshift's COPY role and staging prefix, nothing for DuckDB."""
        if not self.warehouse.startswith("redshift:"):
            return []
        return ["--iam-role", self.redshift_iam_role, "--s3-staging", self.copy_staging]

    @staticmethod
    def load(variable: Getter = airflow_variable_getter, environ: Optional[dict] = None) -> "Settings":
        env = os.environ if environ is None else environ

        def get(spec: Spec) -> str:
            value = variable(spec.name)
            if value is None or value == "":
                value = env.get(spec.name, "")
            return value.strip() if value.strip() else spec.default

        raw = {spec.name: get(spec) for spec in SPECS}
        runner = raw["GH_ACTIVITY_LOADER_RUNNER"].lower()
        if runner not in RUNNERS:
            raise ValueError(f"setting GH_ACTIVITY_LOADER_RUNNER={runner!r} is not one of {', '.join(RUNNERS)}")
        settings = Settings(
            lake=raw["GH_ACTIVITY_LAKE"],
            warehouse=raw["GH_ACTIVITY_WAREHOUSE"],
            runner=runner,
            launcher=raw["GH_ACTIVITY_LAUNCHER"],
            command_timeout_s=_positive_int("GH_ACTIVITY_COMMAND_TIMEOUT_S", raw["GH_ACTIVITY_COMMAND_TIMEOUT_S"]),
            sensor_timeout_s=_positive_int("GH_ACTIVITY_SENSOR_TIMEOUT_S", raw["GH_ACTIVITY_SENSOR_TIMEOUT_S"]),
            sensor_poke_s=_positive_int("GH_ACTIVITY_SENSOR_POKE_S", raw["GH_ACTIVITY_SENSOR_POKE_S"]),
            aws_conn_id=raw["GH_ACTIVITY_AWS_CONN_ID"],
            ecs_cluster=raw["GH_ACTIVITY_ECS_CLUSTER"],
            ecs_task_definition=raw["GH_ACTIVITY_ECS_TASK_DEFINITION"],
            ecs_container=raw["GH_ACTIVITY_ECS_CONTAINER"],
            ecs_subnets=_csv(raw["GH_ACTIVITY_ECS_SUBNETS"]),
            ecs_security_groups=_csv(raw["GH_ACTIVITY_ECS_SECURITY_GROUPS"]),
            ecs_launch_type=raw["GH_ACTIVITY_ECS_LAUNCH_TYPE"],
            alert_sns_topic=raw["GH_ACTIVITY_ALERT_SNS_TOPIC"],
            redshift_iam_role=raw["GH_ACTIVITY_REDSHIFT_IAM_ROLE"],
            copy_staging=raw["GH_ACTIVITY_COPY_STAGING"],
        )
        if settings.warehouse.startswith("redshift:") and not settings.copy_staging.startswith("s3://"):
            raise ValueError("a redshift: GH_ACTIVITY_WAREHOUSE needs GH_ACTIVITY_COPY_STAGING=s3://bucket/prefix "
                             f"(where the loader writes its COPY manifests), got {settings.copy_staging!r}")
        if settings.runner == "ecs" and not settings.ecs_subnets:
            raise ValueError("GH_ACTIVITY_LOADER_RUNNER=ecs needs GH_ACTIVITY_ECS_SUBNETS (comma-separated subnet ids)")
        return settings
