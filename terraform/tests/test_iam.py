"""IAM as checked data: every policy the module renders (read from the state of the mocked apply in iam.tftest.hcl) is
checked against iam/required-actions.yaml, the AWS calls our code makes with their call sites, and linted with
parliament. A missing permission, an action nobody calls, an unjustified wildcard or a new linter finding fails here.
Conditions are not evaluated here: a call counts as allowed when an Allow statement matches its action and resource
(the command rehearsal evaluates them on the S3 calls its processes made: s3_calls.py)."""
from __future__ import annotations

import fnmatch
import json
import re

import pytest
import yaml

import aws_emulator as emu
from conftest import TERRAFORM
from iam_policy import allowed_by, as_list
from test_terraform import init, needs_terraform, tf

TABLE = yaml.safe_load((TERRAFORM / "iam" / "required-actions.yaml").read_text())
SKIPS = yaml.safe_load((TERRAFORM / "iam" / "parliament-skips.yaml").read_text())


@pytest.fixture(scope="module")
def state(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("iam")
    init(TERRAFORM, tmp)
    r = tf(["test", "-no-color", "-json", "-verbose", "-filter=tests/iam.tftest.hcl"], TERRAFORM, tmp)
    messages = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
    errors = [f"{m['@message']}: {m.get('diagnostic', {}).get('detail', '')}" for m in messages if m["type"] == "diagnostic"]
    assert r.returncode == 0, "terraform test tests/iam.tftest.hcl failed:\n" + "\n".join(errors) + r.stderr
    for msg in messages:
        if msg["type"] == "test_state":
            return {res["address"]: res["values"] for res in msg["test_state"]["root_module"]["resources"]}
    raise AssertionError("terraform test -verbose printed no state")


@pytest.fixture(scope="module")
def policies(state) -> dict[str, dict]:
    """Every policy document of the module: role:<key>, assume:<service>, bucket:<key>, topic:alarms, key:data."""
    out = {}
    for address, v in state.items():
        m = re.fullmatch(r'aws_iam_role_policy\.this\["(\w+)"\]', address)
        if m:
            out[f"role:{m[1]}"] = json.loads(v["policy"])
        m = re.fullmatch(r'aws_s3_bucket_policy\.this\["(\w+)"\]', address)
        if m:
            out[f"bucket:{m[1]}"] = json.loads(v["policy"])
    for address, v in state.items():
        m = re.fullmatch(r'aws_iam_role\.this\["(\w+)"\]', address)
        if m:
            out[f"assume:{m[1]}"] = json.loads(v["assume_role_policy"])
    out["topic:alarms"] = json.loads(state["aws_sns_topic_policy.alarms[0]"]["policy"])
    out["key:data"] = json.loads(state["aws_kms_key.data"]["policy"])
    return out


@pytest.fixture(scope="module")
def placeholders(state) -> dict[str, str]:
    msk = state["aws_msk_cluster.this[0]"]
    topic_base = msk["arn"].replace(":cluster/", ":topic/").rsplit("/", 1)[0] + "/" + msk["cluster_uuid"]
    topics = {k: f"{topic_base}/{t}" for k, t in
              {"events": "gharchive.events", "dlq": "gharchive.events.dlq", "control": "gharchive.control"}.items()}
    account, region = "123456789012", "eu-west-1"
    cluster = state["aws_ecs_cluster.this"]
    p = {
        "lake": state["aws_s3_bucket.lake"]["arn"], "artifacts": state["aws_s3_bucket.artifacts"]["arn"],
        "lake_key": "lake/", "msk": msk["arn"], "group_base": topic_base.replace(":topic/", ":group/"),
        "topic_events": topics["events"], "topic_dlq": topics["dlq"], "topic_control": topics["control"],
        "data_key": state["aws_kms_key.data"]["arn"], "ecs_cluster": cluster["arn"], "ecs_cluster_name": cluster["name"],
        "loader_family": state["aws_ecs_task_definition.loader"]["family"],
        "workgroup": state["aws_redshiftserverless_workgroup.this[0]"]["arn"],
        "rds_secret": state["aws_db_instance.metabase"]["master_user_secret"][0]["secret_arn"],
        "encryption_secret": state["aws_secretsmanager_secret.metabase_encryption"]["arn"],
        "efs": state["aws_efs_file_system.producer_state"]["arn"],
        "emr_application": state["aws_emrserverless_application.stream"]["arn"], "alarm_topic": state["aws_sns_topic.alarms[0]"]["arn"],
        "region": region, "account": account, "name": cluster["name"],
    }
    for address, v in state.items():
        m = re.fullmatch(r'aws_cloudwatch_log_group\.this\["(\w+)"\]', address)
        if m:
            p[f"log_group:{m[1]}"] = v["arn"]
        m = re.fullmatch(r'aws_iam_role\.this\["(\w+)"\]', address)
        if m:
            p[f"role:{m[1]}"] = v["arn"]
    return p


def fill(template: str, p: dict[str, str]) -> str:
    def sub(m):
        assert m[1] in p, f"unknown placeholder {{{m[1]}}} in iam/required-actions.yaml"
        return p[m[1]]
    return re.sub(r"\{([\w:]+)\}", sub, template)


def is_wildcard_statement(st: dict) -> bool:
    if "NotResource" in st or "NotAction" in st:
        return True
    if any("*" in a for a in as_list(st["Action"])):
        return True
    # A trailing * scopes to a prefix (objects under a key, streams of a group); * anywhere else widens the ARN.
    return any(r == "*" or "*" in r.rstrip("*") for r in as_list(st.get("Resource", [])))


def test_the_table_covers_every_role_and_names_each_call_site(policies):
    roles = {k.split(":", 1)[1] for k in policies if k.startswith("role:")}
    assert roles | {"metabase"} == set(TABLE), "iam/required-actions.yaml must have one entry per role of iam.tf"
    for role, entry in TABLE.items():
        assert entry["component"].strip()
        for call in entry["calls"]:
            assert {"action", "resource", "site"} <= call.keys() and call["site"].strip(), f"{role}: {call}"


@needs_terraform
@pytest.mark.parametrize("role", sorted(TABLE))
def test_every_call_the_code_makes_is_allowed(role, policies, placeholders):
    policy = policies.get(f"role:{role}", {"Statement": []})
    missing = [f"{c['action']} on {fill(c['resource'], placeholders)}  ({c['site']})"
               for c in TABLE[role]["calls"] if not allowed_by(policy, c["action"], fill(c["resource"], placeholders))]
    assert not missing, f"the {role} role's policy does not allow:\n  " + "\n  ".join(missing)


@needs_terraform
@pytest.mark.parametrize("role", sorted(TABLE))
def test_no_action_nobody_calls_and_no_unjustified_wildcard(role, policies):
    policy = policies.get(f"role:{role}", {"Statement": []})
    needed = {c["action"].lower() for c in TABLE[role]["calls"]}
    justified = TABLE[role].get("wildcards") or {}
    for st in policy["Statement"]:
        sid = st.get("Sid", "?")
        if is_wildcard_statement(st):
            assert sid in justified, f"{role}: statement {sid} grants a wildcard {st} that iam/required-actions.yaml does not justify"
            continue
        extra = [a for a in as_list(st["Action"]) if a.lower() not in needed]
        assert not extra, f"{role}: statement {sid} allows {extra}, which no call in iam/required-actions.yaml needs"
    unused = set(justified) - {st.get("Sid") for st in policy["Statement"]}
    assert not unused, f"{role}: wildcard justifications for statements that no longer exist: {unused}"


@needs_terraform
def test_the_checks_catch_a_missing_permission(policies, placeholders):
    """The matcher itself: drop DescribeTopicDynamicConfiguration and the producer's describeConfigs call fails."""
    producer = json.loads(json.dumps(policies["role:producer"]))
    for st in producer["Statement"]:
        st["Action"] = [a for a in as_list(st["Action"]) if a != "kafka-cluster:DescribeTopicDynamicConfiguration"]
    topic = placeholders["topic_events"]
    assert allowed_by(policies["role:producer"], "kafka-cluster:DescribeTopicDynamicConfiguration", topic)
    assert not allowed_by(producer, "kafka-cluster:DescribeTopicDynamicConfiguration", topic)
    assert not allowed_by(policies["role:loader"], "s3:PutObject", placeholders["lake"] + "/lake/events/x.parquet")
    assert is_wildcard_statement({"Action": "s3:*", "Resource": ["arn:aws:s3:::b"]})
    assert not is_wildcard_statement({"Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/events/*"]})


@needs_terraform
def test_parliament_finds_nothing_unjustified(policies):
    import parliament

    findings, used, justified = [], set(), 0
    for name, doc in sorted(policies.items()):
        for f in parliament.analyze_policy_string(json.dumps(doc), ignore_private_auditors=True).findings:
            skip = next((i for i, s in enumerate(SKIPS) if fnmatch.fnmatch(name, s["policy"]) and s["issue"] == f.issue), None)
            if skip is None:
                findings.append(f"{name}: {f.issue} {f.detail}")
            else:
                used.add(skip)
                justified += 1
    emu.REPORT.append(f"parliament over {len(policies)} policy documents: {len(findings)} findings outside "
                      f"iam/parliament-skips.yaml, {justified} justified there ({len(SKIPS)} entries)")
    assert not findings, "parliament findings (fix, or justify in iam/parliament-skips.yaml):\n  " + "\n  ".join(findings)
    stale = [SKIPS[i] for i in range(len(SKIPS)) if i not in used]
    assert not stale, f"iam/parliament-skips.yaml entries that match no finding any more: {stale}"
    assert all(s["reason"].strip() for s in SKIPS)
