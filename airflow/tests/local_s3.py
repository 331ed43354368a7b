"""A real S3-compatible server for the sensor's S3 path: s3proxy (filesystem backend) in its own JVM on 127.0.0.1.

The same server and settings as test-support's LocalS3 (test-support/target/tools/s3proxy.jar, path-style, SigV4);
started here from Python because these tests are not Java. Hard start timeout; always killed on exit.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from conftest import PROJECT_ROOT

ACCESS_KEY, SECRET_KEY, REGION = "local-access-key", "local-secret-key", "us-east-1"
JAR = PROJECT_ROOT / "test-support" / "target" / "tools" / "s3proxy.jar"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(proc: subprocess.Popen, port: int, log: Path, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"s3proxy exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"s3proxy did not open port {port} within {timeout_s}s:\n{log.read_text()[-3000:]}")


@contextmanager
def local_s3(workdir: Path):
    """Yields the endpoint URL of a fresh s3proxy whose objects live under ``workdir``."""
    assert JAR.is_file(), f"{JAR} is missing: build test-support first (make build)"
    data = workdir / "s3-data"
    data.mkdir(parents=True)
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    conf = workdir / "s3proxy.conf"
    conf.write_text("\n".join([
        f"s3proxy.endpoint={endpoint}", "s3proxy.authorization=aws-v2-or-v4",
        f"s3proxy.identity={ACCESS_KEY}", f"s3proxy.credential={SECRET_KEY}", "jclouds.provider=filesystem",
        f"jclouds.identity={ACCESS_KEY}", f"jclouds.credential={SECRET_KEY}", f"jclouds.filesystem.basedir={data}", ""]))
    log = workdir / "s3proxy.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(["java", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", str(JAR),
                                 "--properties", str(conf)], stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for_port(proc, port, log)
        yield endpoint
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def client_config() -> dict:
    """botocore settings for s3proxy: path-style addressing, checksums only where S3 requires them."""
    return {"s3": {"addressing_style": "path"}, "request_checksum_calculation": "when_required",
            "response_checksum_validation": "when_required"}


def airflow_connection_json(endpoint: str) -> str:
    """An Airflow AWS connection (for AIRFLOW_CONN_<ID>) that points S3Hook at the local server."""
    return json.dumps({"conn_type": "aws", "login": ACCESS_KEY, "password": SECRET_KEY,
                       "extra": {"endpoint_url": endpoint, "region_name": REGION, "config_kwargs": client_config()}})


def s3_client(endpoint: str):
    import boto3
    from botocore.config import Config

    return boto3.client("s3", endpoint_url=endpoint, region_name=REGION, aws_access_key_id=ACCESS_KEY,
                        aws_secret_access_key=SECRET_KEY, config=Config(**client_config()))
