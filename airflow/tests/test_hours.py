"""include.hours: hour naming and manifest paths agree with the Java contracts (GhArchiveHour, LakeLayout)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pendulum
import pytest

from include.hours import hour_id, manifest_exists, manifest_uri, split_s3


def test_hour_id_is_utc_and_zero_padded():
    assert hour_id(pendulum.datetime(2022, 6, 5, 7, tz="UTC")) == "2022-06-05T07"
    assert hour_id(datetime(2022, 6, 1, 2, tzinfo=timezone(timedelta(hours=2)))) == "2022-06-01T00"


@pytest.mark.parametrize("bad", [datetime(2022, 6, 5, 7), datetime(2022, 6, 5, 7, 30, tzinfo=timezone.utc)])
def test_hour_id_refuses_naive_or_unaligned_starts(bad):
    with pytest.raises(ValueError):
        hour_id(bad)


@pytest.mark.parametrize("lake, expected", [
    ("/data/lake", "/data/lake/_manifests/events/dt=2022-06-05/hr=07.json"),
    ("/data/lake///", "/data/lake/_manifests/events/dt=2022-06-05/hr=07.json"),
    ("s3a://bucket/prefix/", "s3a://bucket/prefix/_manifests/events/dt=2022-06-05/hr=07.json"),
])
def test_manifest_uri_follows_the_lake_layout(lake, expected):
    assert manifest_uri(lake, "2022-06-05T07") == expected


def test_manifest_exists_locally_and_via_the_s3_client(tmp_path):
    uri = manifest_uri(str(tmp_path), "2022-06-05T07")
    assert not manifest_exists(uri)
    path = tmp_path / "_manifests/events/dt=2022-06-05/hr=07.json"
    path.parent.mkdir(parents=True)
    path.write_text("{}")
    assert manifest_exists(uri) and manifest_exists("file://" + uri)
    seen = []
    assert manifest_exists("s3a://b/lake/m.json", lambda b, k: seen.append((b, k)) or True)
    assert seen == [("b", "lake/m.json")]
    with pytest.raises(ValueError, match="no S3 client"):
        manifest_exists("s3://b/k")
    with pytest.raises(ValueError):
        split_s3("s3://bucket-only")
