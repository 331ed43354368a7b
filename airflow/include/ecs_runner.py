"""The cloud runner: ``gh-activity load|check`` as an ECS (Fargate) task, configured from the settings at run time.

The task definition's image has ``bin/gh-activity`` as its entrypoint; this operator only overrides the command with
the same arguments the local runner uses, so both runners load an hour identically. ``reattach=True`` makes a retried
or cleared task attach to a still-running ECS task of the same try instead of starting a second loader, and
``deferrable=True`` frees the worker slot while ECS works.
"""

from __future__ import annotations

from typing import Any

from airflow.providers.amazon.aws.operators.ecs import EcsRunTaskOperator

from include.hours import hour_id
from include.loader_cli import command_args
from include.settings import Settings

PLACEHOLDER = "resolved-at-run-time-from-settings"


def ecs_command(command: str, settings: Settings, hour: str) -> list[str]:
    """The container command: exactly what the local runner runs (load | check | sweep)."""
    return command_args(command, settings, hour)


def ecs_network(settings: Settings) -> dict:
    vpc: dict[str, Any] = {"subnets": list(settings.ecs_subnets), "assignPublicIp": "DISABLED"}
    if settings.ecs_security_groups:
        vpc["securityGroups"] = list(settings.ecs_security_groups)
    return {"awsvpcConfiguration": vpc}


class GhActivityEcsOperator(EcsRunTaskOperator):
    """Runs ``gh-activity <command>`` (for the run's hour; ``sweep``: every pending hour) on ECS; cluster, task
    definition and subnets from settings."""

    def __init__(self, *, command: str, **kwargs: Any) -> None:
        kwargs.setdefault("reattach", True)
        kwargs.setdefault("deferrable", True)
        super().__init__(cluster=PLACEHOLDER, task_definition=PLACEHOLDER, overrides={}, **kwargs)
        self.command = command

    def _apply_settings(self, context: Any) -> None:
        settings = Settings.load()
        # A sweep runs every 15 minutes and loads every pending hour: its interval is no hour.
        hour = "pending" if self.command == "sweep" else hour_id(context["data_interval_start"])
        self.aws_conn_id = settings.aws_conn_id
        self.cluster = settings.ecs_cluster
        self.task_definition = settings.ecs_task_definition
        self.launch_type = settings.ecs_launch_type
        self.container_name = settings.ecs_container
        self.network_configuration = ecs_network(settings)
        self.overrides = {"containerOverrides": [
            {"name": settings.ecs_container, "command": ecs_command(self.command, settings, hour)}]}

    def execute(self, context: Any) -> Any:
        self._apply_settings(context)
        return super().execute(context)

    def execute_complete(self, context: Any, event: Any = None) -> Any:
        # A resumed deferral runs on a fresh operator instance: give it the settings again.
        self._apply_settings(context)
        return super().execute_complete(context, event)
