"""include.alerts: the alert line names the DAG, task, hour, try and reason; a broken alert path never raises."""

from __future__ import annotations

from types import SimpleNamespace

import pendulum

from dag_runs import captured_logs
from include.alerts import alert_on_failure, alert_text


def context(**extra):
    ti = SimpleNamespace(dag_id="gh_activity_hourly_load", task_id="check_local", try_number=2, log_url="http://ui/log")
    return {"ti": ti, "data_interval_start": pendulum.datetime(2022, 6, 1, 5, tz="UTC"),
            "exception": RuntimeError("quality checks FAILED"), **extra}


def test_alert_text_says_what_failed_where():
    assert alert_text(context()) == (
        "gh-activity ALERT: gh_activity_hourly_load.check_local failed for hour 2022-06-01T05 (try 2): "
        "quality checks FAILED - log: http://ui/log")


def test_alert_logs_and_survives_a_broken_settings_lookup(airflow_db, monkeypatch):
    monkeypatch.setenv("GH_ACTIVITY_SENSOR_POKE_S", "not-a-number")  # Settings.load() raises inside the callback
    with captured_logs() as logs:
        alert_on_failure(context())  # must not raise: the task's own failure is what matters
    text = logs.getvalue()
    assert "gh-activity ALERT: gh_activity_hourly_load.check_local failed for hour 2022-06-01T05" in text
    assert "could not publish the alert to SNS" in text
    assert "GH_ACTIVITY_SENSOR_POKE_S='not-a-number' is not a whole number" in text
