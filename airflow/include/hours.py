"""Hour naming and manifest location, mirroring io.ghactivity.contracts.GhArchiveHour and LakeLayout.

An Airflow run is keyed on its ``data_interval_start``: the run for 2022-06-05 07:00-08:00 UTC loads hour
``2022-06-05T07`` whose manifest is ``LAKE/_manifests/events/dt=2022-06-05/hr=07.json``.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from typing import Callable, Optional


def hour_id(start: datetime) -> str:
    """``YYYY-MM-DDTHH`` (UTC) for the start of a data interval; refuses a start that is not on the hour."""
    if start.tzinfo is None:
        raise ValueError(f"hour start {start!r} has no time zone; Airflow data intervals are UTC-aware")
    utc = start.astimezone(timezone.utc)
    if (utc.minute, utc.second, utc.microsecond) != (0, 0, 0):
        raise ValueError(f"data interval start {utc.isoformat()} is not on the hour")
    return utc.strftime("%Y-%m-%dT%H")


def _strip_root(lake: str) -> str:
    lake = lake.strip()
    if not lake:
        raise ValueError("the lake root is empty: give a directory or s3a://bucket/prefix")
    while len(lake) > 1 and lake.endswith("/") and not lake.endswith("://"):
        lake = lake[:-1]
    return lake


def manifest_uri(lake: str, hour: str) -> str:
    """Where the completion manifest of ``hour`` lives under the lake root (same rule as LakeLayout.manifest)."""
    dt, hr = hour.split("T")
    return f"{_strip_root(lake)}/_manifests/events/dt={dt}/hr={hr}.json"


def is_s3(uri: str) -> bool:
    return uri.startswith(("s3://", "s3a://", "s3n://"))


def split_s3(uri: str) -> tuple[str, str]:
    """``s3a://bucket/key`` -> (bucket, key); s3a/s3n are Hadoop spellings of the same object address."""
    rest = uri.split("://", 1)[1]
    bucket, _, key = rest.partition("/")
    if not bucket or not key:
        raise ValueError(f"{uri!r} is not an s3://bucket/key address")
    return bucket, key


S3Exists = Callable[[str, str], bool]


def manifest_exists(uri: str, s3_exists: Optional[S3Exists] = None) -> bool:
    """True when the manifest is there: a local file (plain path or file:) or an S3 object via ``s3_exists``."""
    if is_s3(uri):
        if s3_exists is None:
            raise ValueError(f"{uri} is on S3 but no S3 client was given")
        bucket, key = split_s3(uri)
        return s3_exists(bucket, key)
    path = uri[len("file://"):] if uri.startswith("file://") else uri[len("file:"):] if uri.startswith("file:") else uri
    return os.path.isfile(path)
