"""Apply rehearsal (issue 14, item 3): `terraform apply` and then `terraform destroy` of examples/june-2022-replay
with the real AWS provider against moto's server on 127.0.0.1. What moto lacks is switched off by the module's own
variables (aws_emulator.SKIPPED_ON_MOTO), listed with the reason in the terminal summary; nothing is faked. A failure
names the resource that failed. Coverage: resources applied / resources the example plans for real AWS."""
from __future__ import annotations

import aws_emulator as emu


def test_only_the_services_moto_lacks_are_switched_off(rehearsal):
    assert set(rehearsal.rehearsed) <= set(rehearsal.planned), \
        f"the rehearsal plans resources real AWS would not get: {sorted(set(rehearsal.rehearsed) - set(rehearsal.planned))}"
    unexplained = {a: why for a, why in rehearsal.skipped.items() if why.startswith("NOT SWITCHED")}
    assert not unexplained, f"resources missing from the rehearsal without a reason: {sorted(unexplained)}"
    for var, (prefix, _) in emu.SKIPPED_ON_MOTO.items():
        assert any(t.startswith(prefix) for t in rehearsal.planned.values()), \
            f"{var} switches off {prefix}* but the example plans none: drop it from SKIPPED_ON_MOTO"
        assert not any(t.startswith(prefix) for t in rehearsal.rehearsed.values()), f"{var}=false left {prefix}* planned"


def test_apply_creates_every_rehearsed_resource(rehearsal):
    assert not rehearsal.apply_errors, "terraform apply failed on moto:\n" + "\n".join(rehearsal.apply_errors)
    missing = sorted(set(rehearsal.rehearsed) - set(rehearsal.applied))
    assert not missing, f"planned but not in the state after apply: {missing}"
    assert len(rehearsal.applied) >= 100, len(rehearsal.applied)


def test_apply_renders_the_example_outputs(rehearsal):
    assert not rehearsal.apply_errors, "apply failed (see test_apply_creates_every_rehearsed_resource)"
    outputs = rehearsal.outputs
    assert outputs["lake_root"].startswith("s3a://gh-activity-june22-lake-")
    assert outputs["artifacts_bucket"].startswith("gh-activity-june22-artifacts-")
    job = __import__("json").loads(outputs["stream_start_job_run"])
    assert job["applicationId"] == rehearsal.applied["module.gh_activity.aws_emrserverless_application.stream"]["id"]


def test_destroy_removes_everything(rehearsal):
    assert not rehearsal.destroy_errors, "terraform destroy failed on moto:\n" + "\n".join(rehearsal.destroy_errors)
    assert rehearsal.left_after_destroy == []
