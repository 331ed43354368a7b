"""What the gh-activity DAGs share: task defaults, the warehouse dataset, and running the loader on the worker."""

from __future__ import annotations

from datetime import timedelta

from airflow.datasets import Dataset
from airflow.exceptions import AirflowException, AirflowFailException

from include import loader_cli
from include.alerts import alert_on_failure
from include.hours import hour_id
from include.loader_cli import GhActivityCommandError, command_args
from include.settings import Settings

# Downstream DAGs schedule on this instead of polling the warehouse.
HOURLY_LOADED = Dataset("gh-activity://warehouse/hourly")

DEFAULT_ARGS = {
    "owner": "gh-activity",
    "retries": 3,
    "retry_delay": timedelta(minutes=2),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=30),
    "execution_timeout": timedelta(hours=2),
    "on_failure_callback": alert_on_failure,
}


def run_hour(command: str, data_interval_start) -> str:
    """The hour a load or check run works on; a sweep (every 15 minutes, not on the hour) works on every pending hour."""
    return "pending" if command == "sweep" else hour_id(data_interval_start)


def run_locally(command: str, data_interval_start) -> list[dict]:
    """Runs gh-activity load|check|sweep on this worker, turning its exit code into a readable failure."""
    settings = Settings.load()
    hour = run_hour(command, data_interval_start)
    args = command_args(command, settings, hour)
    try:
        # Looked up on the module at call time, so the benchmark can time it.
        return loader_cli.run_local(settings.launcher, args, hour, settings.command_timeout_s)
    except GhActivityCommandError as e:
        # Quality failures and configuration errors do not heal by retrying: fail at once.
        raise (AirflowException if e.retryable else AirflowFailException)(str(e)) from None
