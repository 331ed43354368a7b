"""checkov over terraform/ (module and example): every failed check is either fixed or listed in checkov-skips.yaml with
its reason; a skip that matches nothing any more fails too, so the list stays true. checkov runs from its own venv
(terraform/.venv-checkov, made by scripts/check-infra.sh): its bc-python-hcl2 and python-hcl2 both install `hcl2`."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

import aws_emulator as emu
from conftest import TERRAFORM

CHECKOV = Path(os.environ.get("CHECKOV_BIN", TERRAFORM / ".venv-checkov" / "bin" / "checkov"))
SKIPS = yaml.safe_load((TERRAFORM / "checkov-skips.yaml").read_text())


@pytest.mark.skipif(not CHECKOV.exists(), reason=f"{CHECKOV} missing: run scripts/check-infra.sh, which installs it")
def test_checkov_fails_nothing_outside_the_skip_list():
    r = subprocess.run([str(CHECKOV), "-d", str(TERRAFORM), "--framework", "terraform", "--quiet", "--compact",
                        "-o", "json", "--skip-path", r"\.venv", "--skip-download"],
                       capture_output=True, text=True, timeout=600)
    report = json.loads(r.stdout)
    assert report["summary"]["parsing_errors"] == 0, r.stderr[-2000:]
    assert report["summary"]["resource_count"] >= 100, report["summary"]
    skipped = {(s["check"], s["resource"]): s["reason"] for s in SKIPS}
    assert all(reason.strip() for reason in skipped.values())
    failed = {(f["check_id"], f["resource"].removeprefix("module.gh_activity.")): f["check_name"]
              for f in report["results"]["failed_checks"]}
    emu.REPORT.append(f"checkov: {report['summary']['passed']} checks passed, {len(failed)} failed, each in "
                      f"checkov-skips.yaml ({len(skipped)} entries)" if not set(failed) - set(skipped) else
                      f"checkov: {len(set(failed) - set(skipped))} failed checks outside checkov-skips.yaml")
    new = sorted(f"{c} {res}: {name}" for (c, res), name in failed.items() if (c, res) not in skipped)
    assert not new, "checkov failed checks (fix them, or add a reason to terraform/checkov-skips.yaml):\n  " + "\n  ".join(new)
    stale = sorted(f"{c} {res}" for c, res in skipped if (c, res) not in failed)
    assert not stale, f"checkov-skips.yaml entries that no longer fail (remove them): {stale}"
