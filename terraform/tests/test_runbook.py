"""docs/cloud.md is a runbook: every `terraform output X` it names is an output of the example it runs in (and of the
module behind it), and every bash block parses (bash -n), so a reader can paste it as written."""
from __future__ import annotations

import re
import subprocess

from conftest import ROOT
from test_terraform import EXAMPLE, MODULE_FILES, blocks

RUNBOOK = ROOT / "docs" / "cloud.md"


def outputs(files) -> set[str]:
    return {name for _, name, _ in blocks("output", files)}


def named_outputs(text: str) -> set[str]:
    return set(re.findall(r"terraform output\s+(?:-(?:raw|json)\s+)?([a-z_][a-z0-9_]*)", text))


def test_every_output_the_runbook_names_exists_in_the_example_and_the_module():
    named = named_outputs(RUNBOOK.read_text())
    assert len(named) >= 15, named
    example, module = outputs(sorted(EXAMPLE.glob("*.tf"))), outputs(MODULE_FILES)
    assert not named - example, f"docs/cloud.md uses outputs the example does not export: {sorted(named - example)}"
    assert not example - module, f"the example re-exports outputs the module lacks: {sorted(example - module)}"


def test_the_check_catches_a_missing_output():
    assert named_outputs("x $(terraform output -raw no_such_output) y") == {"no_such_output"}
    assert "no_such_output" not in outputs(sorted(EXAMPLE.glob("*.tf")))


def test_every_bash_block_parses_and_has_no_elision():
    code = re.findall(r"```bash\n(.*?)```", RUNBOOK.read_text(), re.S)
    assert len(code) >= 6
    for block in code:
        assert "…" not in block, f"an elided command cannot be pasted:\n{block}"
        r = subprocess.run(["bash", "-n"], input=block, capture_output=True, text=True)
        assert r.returncode == 0, f"bash -n: {r.stderr}\n{block}"
