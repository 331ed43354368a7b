"""Command rehearsal (issue 14, item 4): the commands, arguments and environment terraform rendered in the apply
rehearsal's state (the ECS producer and loader task definitions, the stream_start_job_run output for EMR Serverless,
the MWAA startup script whose settings make the DAGs' ECS overrides) are executed locally against stand-ins: the
project's Kafka broker for MSK, s3proxy for S3, PostgreSQL behind a Redshift wire-protocol stand-in for Redshift
Serverless (test-support: io.ghactivity.testsupport.redshift). One real GH Archive hour goes producer -> stream ->
lake -> loader -> warehouse, and the warehouse's counts must equal a recount of the input. Every substitution of a
rendered value is listed in the terminal summary; a flag the rehearsal needs that terraform did not render fails it.

Needs the built jars (make build && make build-emr; `make test` builds both before it runs this)."""
from __future__ import annotations

import json
import subprocess
import time

import boto3
import pytest
from botocore.config import Config

import aws_emulator as emu
import command_rehearsal as cr
import s3_calls

HOUR = cr.REAL_HOUR
HOUR_TS = "2015-01-01 12:00:00"
STREAM_TIMEOUT_S = 300


class Pipeline:
    """Everything the session's one rehearsal ran and measured."""

    def __init__(self, rendered: cr.Rendered):
        self.rendered = rendered
        self.subs = cr.Substitutions()
        self.runs: dict[str, cr.Run] = {}
        self.counts: dict[str, dict] = {}
        self.copies: list[dict] = []
        self.manifest: dict = {}
        self.expected: cr.Recount | None = None
        self.dag: dict[str, list[str]] = {}
        self.seconds: dict[str, float] = {}
        self.s3_requests: list[s3_calls.S3Request] = []   # what the stream and the loader asked S3, by phase


def rendered_value(command: list[str], flag: str) -> str:
    return command[cr.flag_index("loader task", command, flag) + 1]


def lake_bucket_and_prefix(lake: str) -> tuple[str, str]:
    rest = lake.split("://", 1)[1]
    bucket, _, prefix = rest.partition("/")
    return bucket, (prefix + "/" if prefix else "")


def counts_after(run: cr.Run, stand_ins: cr.StandIns, database: str) -> dict:
    """The warehouse's counts after a loader run; after a failed one, what failed (its test reports the run's error)."""
    if run.returncode != 0:
        return {"not counted": f"{run.args[0]} exited {run.returncode}"}
    return warehouse_counts(stand_ins, database)


def warehouse_counts(stand_ins: cr.StandIns, database: str) -> dict:
    one = lambda q: stand_ins.sql(q, database)[0]  # noqa: E731
    events, distinct_ids = one("SELECT COUNT(*), COUNT(DISTINCT id) FROM github_events")
    totals = stand_ins.sql(f"SELECT events, actors, repos FROM hourly_totals WHERE event_hour = '{HOUR_TS}'", database)
    by_type = dict(stand_ins.sql(f"SELECT event_type, events FROM hourly_activity WHERE event_hour = '{HOUR_TS}'",
                                 database))
    daily = stand_ins.sql("SELECT events FROM daily_totals WHERE event_date = '2015-01-01'", database)
    gaps = one("SELECT COALESCE(SUM(n), 0) FROM distinct_gaps WHERE entity = 'actor' AND event_type = '*'")
    log = stand_ins.sql("SELECT rows_loaded, revision FROM load_log", database)
    failed = stand_ins.sql("SELECT check_name FROM quality_checks WHERE NOT passed", database)
    return {"events": int(events), "distinct_ids": int(distinct_ids),
            "hourly_totals": [tuple(int(v) for v in row) for row in totals],
            "hourly_activity": {k: int(v) for k, v in by_type.items()},
            "daily_totals": [int(r[0]) for r in daily], "distinct_actors": int(gaps[0]),
            "load_log": [tuple(int(v) for v in row) for row in log], "failed_checks": [r[0] for r in failed]}


@pytest.fixture(scope="session")
def pipeline(rehearsal, tmp_path_factory) -> Pipeline:
    cr.require_built()
    assert not rehearsal.apply_errors, "the apply rehearsal failed, so nothing was rendered:\n" + \
        "\n".join(rehearsal.apply_errors)
    p = Pipeline(cr.Rendered.from_state(rehearsal.applied, rehearsal.outputs))
    work = tmp_path_factory.mktemp("command-rehearsal")
    lake = rendered_value(p.rendered.loader.command, "--lake")
    staging = rendered_value(p.rendered.loader.command, "--s3-staging")
    lake_bucket, lake_prefix = lake_bucket_and_prefix(lake)
    buckets = sorted({lake_bucket, lake_bucket_and_prefix(staging)[0]})
    t0 = time.monotonic()
    stand_ins = cr.StandIns(work, buckets)
    gharchive = cr.GhArchiveStandIn(work / "gharchive")
    s3 = s3_calls.RecordingS3Proxy(stand_ins.endpoints["s3_endpoint"])
    try:
        run_pipeline(p, stand_ins, gharchive, s3, work, lake_bucket, lake_prefix)
    finally:
        s3.stop()
        gharchive.stop()
        stand_ins.stop()
    p.s3_requests = s3.records
    p.seconds["total"] = time.monotonic() - t0
    emu.REPORT.append("command rehearsal: " + ", ".join(f"{k} {v:.0f}s" for k, v in p.seconds.items())
                      + f"; {p.expected.events if p.expected else '?'} events of {HOUR} through every rendered command")
    for s in p.subs.made:
        emu.REPORT.append("  substituted " + s.line())
    return p


def run_pipeline(p: Pipeline, stand_ins: cr.StandIns, gharchive: cr.GhArchiveStandIn, s3_proxy: s3_calls.RecordingS3Proxy,
                 work, lake_bucket: str, lake_prefix: str) -> None:
    ep = stand_ins.endpoints
    recorded = {**ep, "s3_endpoint": s3_proxy.endpoint}  # the rehearsed processes reach S3 through the recorder
    hour_file = cr.served_hour(work / "gharchive")
    p.expected = cr.recount(hour_file, HOUR)
    database = cr.database_of(rendered_value(p.rendered.loader.command, "--warehouse"))
    stand_ins.sql(f"CREATE DATABASE {database}", "postgres")

    # 1. Producer: the ECS producer task's command and environment.
    t = time.monotonic()
    args = list(p.rendered.producer.command)
    source = args[cr.flag_index("producer", args, "--source") + 1]
    assert source == "gharchive", f"the producer task replays --source {source}; the rehearsal serves GH Archive"
    args = p.subs.add("producer", args, ["--gharchive-url", gharchive.url], "data.gharchive.org -> a local HTTP server")
    args = p.subs.replace_value("producer", args, "--from", HOUR, "June 2022 -> the one real GH Archive hour here")
    args = p.subs.replace_value("producer", args, "--to", HOUR, "one hour, not 720")
    args = p.subs.replace_value("producer", args, "--bootstrap", ep["bootstrap"], "MSK -> the project's broker")
    args = p.subs.remove_switch("producer", args, "--msk-iam", "IAM auth over TLS -> the local broker's plaintext")
    args = p.subs.replace_value("producer", args, "--state-dir", str(work / "efs" / "replay"), "EFS /state -> a temp dir")
    args = p.subs.replace_value("producer", args, "--cache-dir", str(work / "efs" / "cache"), "EFS /state -> a temp dir")
    p.runs["producer"] = cr.launch(args, cr.process_env(p.rendered.producer.environment, ep), work / "producer.log")
    assert p.runs["producer"].returncode == 0, "the rendered producer command failed:\n" + p.runs["producer"].tail()
    p.seconds["producer"] = time.monotonic() - t

    # 2. Stream: the EMR Serverless job run, until it closes the hour (its rendered trigger is hourly: the first batch
    # runs at start, and the hour closes on the producer's end-of-hour marker, checked every 30 s between batches).
    t = time.monotonic()
    command = cr.stream_command(p.rendered.stream_job_run, p.rendered.artifacts_bucket, recorded, p.subs)
    s3_proxy.phase = "stream"
    s3 = boto3.client("s3", endpoint_url=ep["s3_endpoint"], region_name=ep["s3_region"],
                      aws_access_key_id=ep["s3_access_key"], aws_secret_access_key=ep["s3_secret_key"],
                      config=Config(s3={"addressing_style": "path"}))
    manifest_key = f"{lake_prefix}_manifests/events/dt=2015-01-01/hr=12.json"

    def manifest():
        try:
            return json.loads(s3.get_object(Bucket=lake_bucket, Key=manifest_key)["Body"].read())
        except s3.exceptions.NoSuchKey:
            return None

    log = work / "stream.log"
    with log.open("w") as out:
        stream = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                  env=cr.process_env({}, ep), cwd=work)
        try:
            p.manifest = cr.wait_for(manifest, STREAM_TIMEOUT_S, f"the stream closing {HOUR} (s3://{lake_bucket}/"
                                     f"{manifest_key})", stream, log)
        finally:
            cr.stop(stream)
    p.seconds["stream"] = time.monotonic() - t

    # 3. Loader: the ECS loader task's command (a sweep of pending hours) and environment.
    t = time.monotonic()
    loader_env = cr.process_env(p.rendered.loader.environment, ep)
    s3_proxy.phase = "loader"
    args = cr.loader_command(p.rendered.loader.command, recorded, "loader task", p.subs)
    p.runs["loader task"] = cr.launch(args, loader_env, work / "loader-task.log")
    p.counts["loader task"] = counts_after(p.runs["loader task"], stand_ins, database)
    p.copies = stand_ins.copies()
    p.seconds["loader task"] = time.monotonic() - t

    # 4. MWAA: the DAGs' ECS overrides (hourly load, its check, the pending sweep) on a fresh warehouse, run with the
    # loader task definition's environment (the overrides change the command only).
    t = time.monotonic()
    stand_ins.sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public", database)
    p.dag = cr.dag_commands(p.rendered.mwaa_settings, HOUR)
    for name in ("load", "check", "sweep"):
        args = cr.loader_command(p.dag[name], recorded, f"dag {name}", p.subs)
        p.runs[f"dag {name}"] = cr.launch(args, loader_env, work / f"dag-{name}.log")
    p.counts["dag"] = counts_after(p.runs["dag load"], stand_ins, database)
    p.seconds["dag"] = time.monotonic() - t

    # 5. The loader task's rendered command without --iam-role: must fail, naming the flag.
    without = list(p.rendered.loader.command)
    if "--iam-role" in without:
        i = without.index("--iam-role")
        without = without[:i] + without[i + 2:]
    s3_proxy.phase = "none"
    args = cr.loader_command(without, ep, "loader task without --iam-role", cr.Substitutions())
    p.runs["without --iam-role"] = cr.launch(args, loader_env, work / "loader-without-iam-role.log")


def expected_counts(p: Pipeline) -> dict:
    e = p.expected
    return {"events": e.events, "distinct_ids": e.events, "hourly_totals": [(e.events, e.actors, e.repos)],
            "hourly_activity": e.by_type, "daily_totals": [e.events], "distinct_actors": e.actors,
            "load_log": [(e.events, 1)], "failed_checks": []}


def test_the_producer_task_replays_the_hour_into_the_broker(pipeline):
    run = pipeline.runs["producer"]
    assert run.returncode == 0, run.tail()


def test_the_emr_job_run_closes_the_hour_in_the_lake_with_every_valid_event(pipeline):
    assert pipeline.manifest["rows"] == pipeline.expected.events, pipeline.manifest
    assert pipeline.manifest["files"], pipeline.manifest


def test_the_ecs_loader_task_loads_the_hour_with_exact_counts(pipeline):
    run = pipeline.runs["loader task"]
    assert run.returncode == 0, "the rendered loader task command failed:\n" + run.tail()
    assert [(r["hour"], r["rows"], r["status"]) for r in run.reports()] == [(HOUR, pipeline.expected.events, "loaded")]
    assert pipeline.counts["loader task"] == expected_counts(pipeline)


def test_copy_ran_with_the_rendered_role_and_the_lakes_files(pipeline):
    role = rendered_value(pipeline.rendered.loader.command, "--iam-role")
    staging = rendered_value(pipeline.rendered.loader.command, "--s3-staging")
    [copy] = pipeline.copies
    assert "error" not in copy, copy
    assert copy["iam_role"] == role and copy["serializetojson"], copy
    assert copy["manifest"].startswith(staging.rstrip("/") + "/"), copy
    assert copy["rows"] == pipeline.expected.events
    assert sorted(f.split("/", 3)[3] for f in copy["files"]) == \
        sorted(f["path"].split("/", 3)[3] if "://" in f["path"] else f["path"] for f in pipeline.manifest["files"])


def test_the_mwaa_dags_ecs_overrides_load_check_and_sweep_the_hour(pipeline):
    dag = pipeline.dag
    assert dag["load"][:1] == ["load"] and "--iam-role" in dag["load"] and "--s3-staging" in dag["load"]
    load, check, sweep = (pipeline.runs[f"dag {c}"] for c in ("load", "check", "sweep"))
    assert load.returncode == 0, "the DAG's load override failed:\n" + load.tail()
    assert [(r["hour"], r["rows"], r["status"]) for r in load.reports()] == [(HOUR, pipeline.expected.events, "loaded")]
    assert check.returncode == 0, "the DAG's check override failed:\n" + check.tail()
    assert check.reports() and all(r.get("passed") for r in check.reports()), check.reports()
    assert sweep.returncode == 0, "the DAG's sweep override failed:\n" + sweep.tail()
    assert pipeline.counts["dag"] == expected_counts(pipeline)


def test_the_restart_task_starts_the_same_job_run_that_was_rehearsed(pipeline):
    command = pipeline.rendered.stream_restart.command
    assert command[:2] == ["emr-serverless", "start-job-run"] and command[-2] == "--cli-input-json", command
    assert json.loads(command[-1]) == pipeline.rendered.stream_job_run


def test_a_loader_command_without_iam_role_fails_naming_it(pipeline):
    run = pipeline.runs["without --iam-role"]
    assert run.returncode != 0 and "--iam-role" in run.stderr, run.tail()


def test_a_flag_the_rehearsal_needs_and_terraform_did_not_render_fails_it():
    subs = cr.Substitutions()
    with pytest.raises(cr.RenderedFlagMissing, match="lacks --bootstrap"):
        subs.replace_value("producer", ["replay", "--msk-iam"], "--bootstrap", "127.0.0.1:9092", "MSK -> broker")
    with pytest.raises(cr.RenderedFlagMissing, match="lacks --class"):
        cr.SparkSubmit.parse("--conf spark.sql.session.timeZone=UTC")
    with pytest.raises(AssertionError, match="--packages"):
        cr.SparkSubmit.parse("--class X --packages org.example:x:1")


def test_only_endpoints_mounts_auth_and_the_replay_range_were_substituted(pipeline):
    allowed = {"--bootstrap", "--msk-iam", "--gharchive-url", "--from", "--to", "--state-dir", "--cache-dir",
               "--s3-endpoint", "--warehouse", "--redshift-user", "artifact", "classpath", "spark.master",
               "driver JVM"}
    assert {s.flag for s in pipeline.subs.made} <= allowed, [s.line() for s in pipeline.subs.made]


@pytest.mark.parametrize("component, role", [("stream", "stream"), ("loader", "loader")])
def test_every_s3_call_the_component_made_is_allowed_by_its_rendered_role(pipeline, rehearsal, component, role):
    """What the IAM table cannot see: the calls the rehearsed processes really made (the S3A client's probes and
    listings, the lake lease, multipart uploads), each checked against the role terraform rendered for the
    component, conditions included, with the KMS calls the bucket's SSE-KMS default makes on the caller's behalf."""
    policy = json.loads(rehearsal.applied[f'{cr.MODULE}aws_iam_role_policy.this["{role}"]']["policy"])
    data_key = rehearsal.applied[f"{cr.MODULE}aws_kms_key.data"]["arn"]
    kms_buckets = {lake_bucket_and_prefix(rendered_value(pipeline.rendered.loader.command, "--lake"))[0]}
    requests = [r for r in pipeline.s3_requests if r.phase == component]
    assert requests, f"no S3 request of the {component} was recorded"
    calls = [c for r in requests for c in s3_calls.iam_calls(r, data_key, kms_buckets)]
    emu.REPORT.append(f"S3 calls of the rehearsed {component} against role {role}: {len(requests)} requests; "
                      + s3_calls.summary(calls))
    denied = s3_calls.denied(calls, policy)
    assert not denied, f"the {role} role does not allow what the {component} did:\n  " + "\n  ".join(
        sorted({c.line() for c in denied}))
