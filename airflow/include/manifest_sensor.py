"""ManifestSensor: waits for an hour's completion manifest on a local lake or S3, without holding a worker slot.

It runs in ``reschedule`` mode: each look is a short task try, and between looks the worker slot is free, so a June
backfill waiting on many hours never starves the workers. Lake, timeout and poke interval come from the settings at run
time; a timeout fails with a message that names the manifest, and the DAG's failure callback raises the alert.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from airflow.exceptions import AirflowSensorTimeout
from airflow.sensors.base import BaseSensorOperator

from include.hours import hour_id, is_s3, manifest_exists, manifest_uri
from include.settings import Settings


class ManifestSensor(BaseSensorOperator):
    """Succeeds when ``LAKE/_manifests/events/dt=…/hr=….json`` exists for the run's ``data_interval_start``."""

    template_fields = ()
    ui_color = "#e8f4fd"

    def __init__(self, **kwargs: Any) -> None:
        # Placeholders only: execute() replaces both with the run-time settings before the first look.
        kwargs.setdefault("mode", "reschedule")
        kwargs.setdefault("timeout", timedelta(hours=6))
        kwargs.setdefault("poke_interval", 300)
        super().__init__(**kwargs)
        self._uri = ""
        self._hour = ""

    def execute(self, context: Any) -> Any:
        settings = Settings.load()
        self.timeout = float(settings.sensor_timeout_s)
        self.poke_interval = float(settings.sensor_poke_s)
        self._hour = hour_id(context["data_interval_start"])
        self._uri = manifest_uri(settings.lake, self._hour)
        self._aws_conn_id = settings.aws_conn_id
        self.log.info("waiting for the manifest of hour %s at %s (timeout %ss, a look every %ss)",
                      self._hour, self._uri, settings.sensor_timeout_s, settings.sensor_poke_s)
        try:
            super().execute(context)
        except AirflowSensorTimeout as e:
            raise AirflowSensorTimeout(
                f"no completion manifest for hour {self._hour} at {self._uri} after {settings.sensor_timeout_s}s "
                f"(GH_ACTIVITY_SENSOR_TIMEOUT_S): the streaming job has not closed this hour; check it, then clear "
                f"this task to wait again. ({e})") from None
        return self._uri

    def poke(self, context: Any) -> bool:
        s3_exists = self._s3_exists if is_s3(self._uri) else None
        found = manifest_exists(self._uri, s3_exists)
        if not found:
            self.log.info("manifest %s not there yet", self._uri)
        return found

    def _s3_exists(self, bucket: str, key: str) -> bool:
        from airflow.providers.amazon.aws.hooks.s3 import S3Hook

        return S3Hook(aws_conn_id=self._aws_conn_id).check_for_key(key, bucket_name=bucket)
