"""Static checks of the terraform module (python-hcl2) and, where the terraform CLI and an AWS provider mirror exist,
`terraform fmt -check`, `validate` and `test` (the mocked-provider plan/apply in plan.tftest.hcl). No AWS account and
no network are used: `terraform plan` against AWS is NOT run here (docs/cloud.md)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import hcl2
import pytest

from conftest import ROOT, TERRAFORM

EXAMPLE = TERRAFORM / "examples" / "june-2022-replay"
MODULE_FILES = sorted(TERRAFORM.glob("*.tf"))
ALL_FILES = MODULE_FILES + sorted(EXAMPLE.glob("*.tf"))
UNTAGGABLE = {l.strip() for l in (TERRAFORM / "tests" / "untaggable.txt").read_text().splitlines()
              if l.strip() and not l.startswith("#")}
PLUGIN_DIR = Path(os.environ.get("TF_PLUGIN_DIR", "/opt/tf-plugins"))
REQUIRED_OUTPUTS = {
    "msk_bootstrap_brokers_sasl_iam", "kafka_topics", "lake_root", "artifacts_bucket", "ecr_repository_urls",
    "ecs_cluster_name", "loader_task_definition_family", "emr_application_id", "stream_start_job_run",
    "redshift_jdbc_url", "redshift_copy_role_arn", "mwaa_webserver_url", "airflow_settings", "metabase_url",
    "metabase_redshift_secret_arn", "metabase_encryption_secret_arn", "metabase_service_name", "loader_s3_staging",
    "alarm_topic_arn", "warehouse_grants_sql", "redshift_workgroup_name", "redshift_admin_secret_arn",
}


def unquote(value):
    """python-hcl2 8 keeps HCL's quotes on strings and block labels and adds __is_block__/__comments__ markers."""
    if isinstance(value, dict):
        return {unquote(k): unquote(v) for k, v in value.items() if k not in ("__is_block__", "__comments__")}
    if isinstance(value, list):
        return [unquote(v) for v in value]
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def parse(path: Path) -> dict:
    with path.open() as f:
        return unquote(hcl2.load(f))


def blocks(kind: str, files=MODULE_FILES):
    for path in files:
        for block in parse(path).get(kind, []):
            for name, body in block.items():
                yield path.name, name, body


def resources():
    for path in MODULE_FILES:
        for block in parse(path).get("resource", []):
            for rtype, named in block.items():
                for rname, body in named.items():
                    yield path.name, rtype, rname, body


def test_every_file_parses_and_the_module_has_the_standard_files():
    names = {p.name for p in MODULE_FILES}
    assert {"versions.tf", "variables.tf", "outputs.tf", "main.tf"} <= names
    for path in ALL_FILES:
        parse(path)  # raises on a syntax error


def test_every_variable_is_typed_and_described():
    seen = 0
    for files in (MODULE_FILES, sorted(EXAMPLE.glob("*.tf"))):
        for fname, name, body in blocks("variable", files):
            seen += 1
            assert "type" in body, f"{fname}: variable {name} has no type"
            assert str(body.get("description", "")).strip(), f"{fname}: variable {name} has no description"
    assert seen >= 40


def test_every_output_is_described_and_the_documented_ones_exist():
    outputs = {}
    for fname, name, body in blocks("output"):
        assert str(body.get("description", "")).strip(), f"{fname}: output {name} has no description"
        outputs[name] = body
    assert REQUIRED_OUTPUTS <= outputs.keys(), f"missing outputs: {REQUIRED_OUTPUTS - outputs.keys()}"


def test_locals_name_and_tags_exist_and_every_taggable_resource_gets_local_tags():
    local_names = set()
    for _, _, body in ((f, None, b) for f in MODULE_FILES for b in parse(f).get("locals", [])):
        local_names |= body.keys()
    assert {"name", "tags"} <= local_names
    checked = 0
    for fname, rtype, rname, body in resources():
        if rtype in UNTAGGABLE:
            assert "tags" not in body, f"{fname}: {rtype}.{rname} is listed untaggable but sets tags"
            continue
        checked += 1
        assert "local.tags" in str(body.get("tags", "")), f"{fname}: {rtype}.{rname} does not get local.tags"
    assert checked >= 30


def test_every_resource_name_starts_with_local_name():
    for fname, rtype, rname, body in resources():
        for attr in ("name", "cluster_name", "bucket", "identifier", "family", "namespace_name", "workgroup_name"):
            value = body.get(attr)
            # references to another resource's name (aws_..., local.buckets) are fine; new names must be prefixed
            if isinstance(value, str) and not re.match(r"^\$\{(aws_|local\.buckets|each\.value)", value):
                assert value.removeprefix("alias/").startswith("${local.name"), f"{fname}: {rtype}.{rname}.{attr} = {value} is not prefixed"


def test_topic_names_match_the_contracts():
    java = (ROOT / "contracts/src/main/java/io/ghactivity/contracts/Topics.java").read_text()
    constants = dict(re.findall(r'String (EVENTS|DLQ|CONTROL) = "([^"]+)"', java))
    variables = {name: body for _, name, body in blocks("variable")}
    default = variables["topic_names"]["default"]
    assert default == {"events": constants["EVENTS"], "dlq": constants["DLQ"], "control": constants["CONTROL"]}
    max_bytes = 6 * 1024 * 1024  # Topics.MAX_RECORD_BATCH_BYTES = MAX_EVENT_BYTES (5 MiB) + 1 MiB
    assert "MAX_RECORD_BATCH_BYTES = MAX_EVENT_BYTES + 1024 * 1024" in java and "5 * 1024 * 1024" in java
    assert f"message.max.bytes={max_bytes}" in (TERRAFORM / "msk.tf").read_text()


def test_every_alarm_notifies_the_alarm_topic():
    alarms = [(f, n, b) for f, t, n, b in resources() if t == "aws_cloudwatch_metric_alarm"]
    assert len(alarms) >= 5
    for fname, name, body in alarms:
        assert body.get("alarm_actions") == "${local.alarm_actions}", f"{fname}: alarm {name} has no action"
        assert body.get("ok_actions") == "${local.alarm_actions}", f"{fname}: alarm {name} has no ok action"


def test_metabase_image_is_a_pinned_current_release():
    variables = {name: body for _, name, body in blocks("variable")}
    image = variables["metabase_image"]["default"]
    m = re.fullmatch(r"metabase/metabase:v0\.(\d+)\.(\d+)(?:\.\d+)?", image)
    assert m, f"pin an exact Metabase release, not {image}"
    assert int(m[1]) >= 64, f"{image} is older than the v0.64 LTS line (2026)"


def test_example_uses_the_module_from_the_repository():
    module = parse(EXAMPLE / "main.tf")["module"][0]["gh_activity"]
    assert module["source"] == "../.."
    assert module["events_partitions"] == 48


# ---- terraform CLI (offline: provider from a local mirror) ----

def terraform_available() -> bool:
    return shutil.which("terraform") is not None and any(PLUGIN_DIR.glob("registry.terraform.io/hashicorp/aws/*"))


needs_terraform = pytest.mark.skipif(not terraform_available(),
                                     reason=f"terraform CLI or AWS provider mirror ({PLUGIN_DIR}) not installed")


def tf(args: list[str], cwd: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    cfg = tmp_path / "terraformrc"
    cfg.write_text("")
    env = dict(os.environ, TF_CLI_CONFIG_FILE=str(cfg), TF_IN_AUTOMATION="1", CHECKPOINT_DISABLE="1",
               TF_DATA_DIR=str(tmp_path / f"tfdata-{cwd.name}"))
    return subprocess.run(["terraform", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def init(cwd: Path, tmp_path: Path) -> None:
    r = tf(["init", "-backend=false", "-input=false", "-no-color", "-upgrade=false",
            f"-plugin-dir={PLUGIN_DIR}"], cwd, tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr


@needs_terraform
def test_terraform_fmt(tmp_path):
    r = tf(["fmt", "-check", "-recursive", "-diff", "-no-color"], TERRAFORM, tmp_path)
    assert r.returncode == 0, "terraform fmt -check found unformatted files:\n" + r.stdout + r.stderr


@needs_terraform
@pytest.mark.parametrize("where", [TERRAFORM, EXAMPLE], ids=["module", "example"])
def test_terraform_validate(where, tmp_path):
    init(where, tmp_path)
    r = tf(["validate", "-json", "-no-color"], where, tmp_path)
    result = json.loads(r.stdout)
    assert result["valid"], json.dumps(result["diagnostics"], indent=2)
    assert result["error_count"] == 0


@needs_terraform
def test_terraform_test_with_mocked_provider(tmp_path):
    init(TERRAFORM, tmp_path)
    r = tf(["test", "-no-color"], TERRAFORM, tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert re.search(r"Success! (\d+) passed, 0 failed", r.stdout), r.stdout


@needs_terraform
def test_untaggable_list_matches_the_provider_schema(tmp_path):
    init(TERRAFORM, tmp_path)
    r = tf(["providers", "schema", "-json"], TERRAFORM, tmp_path)
    assert r.returncode == 0, r.stderr
    schemas = json.loads(r.stdout)["provider_schemas"]["registry.terraform.io/hashicorp/aws"]["resource_schemas"]
    used = {rtype for _, rtype, _, _ in resources()}
    without_tags = {t for t in used if "tags" not in schemas[t]["block"].get("attributes", {})}
    assert without_tags == UNTAGGABLE & used, f"fix tests/untaggable.txt: schema says {sorted(without_tags)}"
