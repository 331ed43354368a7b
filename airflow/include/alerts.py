"""Failure alerts of the gh-activity DAGs: one readable line per failed task, plus SNS when a topic is configured.

Used as ``on_failure_callback``: a sensor timeout (missing manifest), a failed load or a failed quality check all end
here, so the on-call person learns which hour failed, in which task, and why, without opening the Airflow UI.
"""

from __future__ import annotations

import logging
from typing import Any

from include.settings import Settings

log = logging.getLogger("gh_activity.alerts")


def alert_text(context: Any) -> str:
    ti = context.get("task_instance") or context.get("ti")
    start = context.get("data_interval_start")
    hour = start.strftime("%Y-%m-%dT%H") if start is not None else "?"
    error = context.get("exception")
    dag_id = ti.dag_id if ti is not None else "?"
    task_id = ti.task_id if ti is not None else "?"
    try_number = getattr(ti, "try_number", "?")
    url = getattr(ti, "log_url", "")
    return (f"gh-activity ALERT: {dag_id}.{task_id} failed for hour {hour} (try {try_number}): {error}"
            + (f" - log: {url}" if url else ""))


def alert_on_failure(context: Any) -> None:
    """Logs the alert and publishes it to SNS if GH_ACTIVITY_ALERT_SNS_TOPIC is set; never raises."""
    text = alert_text(context)
    log.error(text)
    try:
        settings = Settings.load()
        if settings.alert_sns_topic:
            from airflow.providers.amazon.aws.hooks.sns import SnsHook

            SnsHook(aws_conn_id=settings.aws_conn_id).publish_to_target(
                settings.alert_sns_topic, text[:250_000], subject="gh-activity hourly load failed")
    except Exception:  # an alert path that throws would hide the original failure
        log.exception("could not publish the alert to SNS")
