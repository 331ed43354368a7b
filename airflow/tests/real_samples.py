"""An independent count of the real samples in ../shared/data/real, in plain Python (json + gzip).

It does not share code with the Java side (RealSample, LakeFixture, the loader): it reads each file in its own format
and counts the distinct event ids per UTC hour and per (hour, type), which is what the warehouse must end up holding.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone

from conftest import PROJECT_ROOT

REAL = PROJECT_ROOT.parent / "shared" / "data" / "real"

# RealSample enum name -> (file, format), for the samples the DAG tests use.
SAMPLES = {
    "GHMAP_JULIA": ("ghmap/sample-events.json", "json_array"),
    "PINOT_2021_07_21": ("pinot/2021-07-21-few-hours.json", "lines"),
    "HONEYPOT_2015_01_01_12": ("honeypotio-githubarchive/2015-01-01-12.json.gz", "gzip_lines"),
}


def _events(name: str):
    relative, kind = SAMPLES[name]
    path = REAL / relative
    if kind == "json_array":
        with open(path, encoding="utf-8") as f:
            yield from json.load(f)
        return
    opener = gzip.open if kind == "gzip_lines" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def hour_of(created_at: str) -> str:
    t = datetime.strptime(created_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    return t.strftime("%Y-%m-%dT%H")


@dataclass(frozen=True)
class Expected:
    per_hour: dict[str, int]
    per_hour_type: dict[tuple[str, str], int]


def expected_counts(*names: str) -> Expected:
    seen: set[int] = set()
    per_hour: Counter = Counter()
    per_hour_type: Counter = Counter()
    for name in names:
        for event in _events(name):
            event_id = int(event["id"])
            if event_id in seen:  # one row per unique event, as the lake contract says
                continue
            seen.add(event_id)
            hour = hour_of(event["created_at"])
            per_hour[hour] += 1
            per_hour_type[(hour, event["type"])] += 1
    return Expected(dict(per_hour), dict(per_hour_type))
