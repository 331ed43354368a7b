"""docker/ against a real Docker engine: builds docker/Dockerfile and starts docker/compose.yaml (broker -> replay ->
stream -> load), then waits until the replay has delivered its day and the loader has loaded hours. Where no engine
answers (as on the project's CI machine) every test here is reported skipped with the reason `docker info` gave."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

DOCKER = Path(__file__).resolve().parents[1]
ROOT = DOCKER.parent
COMPOSE = DOCKER / "compose.yaml"


def engine_missing() -> str | None:
    """None when a Docker engine answers, else why not."""
    docker = shutil.which("docker")
    if docker is None:
        return "no docker CLI on PATH"
    try:
        r = subprocess.run([docker, "info", "--format", "{{.ServerVersion}}"], capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        return "`docker info` did not answer within 30 s"
    if r.returncode != 0 or not r.stdout.strip():
        reason = (r.stderr.strip().splitlines() or ["no server version"])[-1]
        return f"no Docker engine answers (`docker info`: {reason})"
    return None


SKIP_REASON = engine_missing()
needs_engine = pytest.mark.skipif(SKIP_REASON is not None, reason=SKIP_REASON or "")


def compose(project: str, *args: str, timeout: int = 1800) -> subprocess.CompletedProcess:
    return subprocess.run(["docker", "compose", "-f", str(COMPOSE), "-p", project, *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def services(project: str) -> dict[str, dict]:
    r = compose(project, "ps", "--all", "--format", "json", timeout=60)
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines() if line.strip()] if not r.stdout.lstrip().startswith("[") \
        else json.loads(r.stdout)
    return {row["Service"]: row for row in rows}


@needs_engine
def test_dockerfile_builds_and_compose_runs_the_pipeline():
    project = f"gh-activity-test-{os.getpid()}"
    tag = f"test-{os.getpid()}"
    env = dict(os.environ, GH_ACTIVITY_TAG=tag)
    try:
        build = subprocess.run(["docker", "compose", "-f", str(COMPOSE), "-p", project, "build", "broker"], cwd=ROOT,
                               env=env, capture_output=True, text=True, timeout=3600)
        assert build.returncode == 0, "docker/Dockerfile does not build:\n" + build.stdout[-4000:] + build.stderr[-4000:]
        up = subprocess.run(["docker", "compose", "-f", str(COMPOSE), "-p", project, "up", "-d"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
        assert up.returncode == 0, up.stderr
        # The replay's day (24 synthetic hours) is delivered when it exits 0; the loader, --watch, keeps running and
        # prints one JSON line per loaded hour.
        deadline = time.monotonic() + 1200
        while True:
            state = services(project)
            replay = state.get("replay", {})
            if replay.get("State") == "exited":
                assert replay.get("ExitCode") == 0, compose(project, "logs", "replay").stdout[-4000:]
                break
            assert time.monotonic() < deadline, f"replay did not finish within 20 min: {state}"
            for name in ("broker", "stream", "load"):
                assert state.get(name, {}).get("State") in ("running", "restarting", "created"), (name, state)
            time.sleep(10)
        deadline = time.monotonic() + 900
        while True:
            loaded = [line for line in compose(project, "logs", "--no-log-prefix", "load").stdout.splitlines()
                      if line.startswith("{") and '"status"' in line]
            if loaded:
                break
            assert time.monotonic() < deadline, "the loader loaded no hour within 15 min of the replay's end"
            time.sleep(10)
    finally:
        compose(project, "down", "-v", "--remove-orphans", timeout=300)
