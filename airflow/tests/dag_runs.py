"""Helpers to execute the hourly DAG for real with ``dag.test()`` and read back what happened."""

from __future__ import annotations

import io
import logging
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone


def run_for_hour(dag, hour_start: datetime):
    """Runs the DAG once for the hour starting at ``hour_start`` (UTC) and returns the finished DagRun.

    ``dag.test(execution_date=X)`` creates a manual run whose data interval is the hour *before* X (Airflow's rule
    for manual runs of a cron schedule), so the hour H is run with X = H + 1 h: its data_interval_start is H, exactly
    as for the scheduled run of that hour.
    """
    return dag.test(execution_date=hour_start.astimezone(timezone.utc) + timedelta(hours=1))


def task_states(dag_run) -> dict[str, str]:
    return {ti.task_id: (ti.state or "none") for ti in dag_run.get_task_instances()}


@contextmanager
def captured_logs():
    """Collects every log line of the run (task logs and Airflow's own) into a StringIO."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setLevel(logging.INFO)
    loggers = [logging.getLogger(), logging.getLogger("airflow.task"), logging.getLogger("gh_activity.alerts")]
    for lg in loggers:
        lg.addHandler(handler)
    try:
        yield buffer
    finally:
        for lg in loggers:
            lg.removeHandler(handler)
