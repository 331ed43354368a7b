"""Shared paths for the infrastructure checks (terraform/, docker/), and the apply rehearsal's session fixture."""
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TERRAFORM = ROOT / "terraform"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def rehearsal(tmp_path_factory):
    """terraform apply + destroy of examples/june-2022-replay against a moto server, once per session
    (terraform/tests/aws_emulator.py). Skipped, with the reason, where terraform, the provider mirror or moto is
    missing."""
    import aws_emulator as emu

    if shutil.which("terraform") is None or not any(emu.PLUGIN_DIR.glob("registry.terraform.io/hashicorp/aws/*")):
        pytest.skip(f"terraform CLI or AWS provider mirror ({emu.PLUGIN_DIR}) not installed")
    if not emu.moto_available():
        pytest.skip("moto[server] not installed (scripts/check-infra.sh installs it)")
    workdir = tmp_path_factory.mktemp("apply-rehearsal")
    moto = emu.MotoServer(workdir / "moto.log")
    try:
        result = emu.rehearse(workdir, moto)
    finally:
        moto.stop()
    applied = sum(1 for a in result.applied if a in result.planned)
    emu.REPORT.append(f"apply rehearsal on moto: {applied}/{len(result.planned)} planned resources applied, "
                      f"{len(result.left_after_destroy)} left after destroy; "
                      + ", ".join(f"{k} {v:.0f}s" for k, v in result.seconds.items()))
    for address, reason in sorted(result.skipped.items()):
        emu.REPORT.append(f"  skipped {address}: {reason}")
    return result


def pytest_terminal_summary(terminalreporter):
    import aws_emulator as emu

    if emu.REPORT:
        terminalreporter.section("AWS emulator rehearsal")
        for line in emu.REPORT:
            terminalreporter.write_line(line)
