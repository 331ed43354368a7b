"""The command rehearsal's pieces (issue 14, item 4): the commands terraform rendered for ECS, EMR Serverless and MWAA,
read from the apply rehearsal's state, turned into local command lines with every substitution recorded, and the
processes that run them against the stand-ins (test-support's RehearsalStandIns: the project's Kafka broker, s3proxy,
PostgreSQL behind a Redshift wire-protocol stand-in).

A substitution may only point a rendered value at a stand-in (an endpoint, a mount path, IAM auth to the plaintext or
trust-auth form the stand-in speaks) or narrow the replay to the one real hour the rehearsal has; each is recorded
with its reason and printed. A flag the rehearsal needs to substitute and that terraform did not render fails with
the flag's name (RenderedFlagMissing): a command that lacks it would fail in AWS too."""
from __future__ import annotations

import gzip
import http.server
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODULE = "module.gh_activity."
LAUNCHER = ROOT / "bin" / "gh-activity"

# The one real GH Archive hour the repository holds (../shared/data/real/PROVENANCE.md: complete and unmodified).
REAL_HOUR = "2015-01-01T12"
REAL_HOUR_FILE = ROOT.parent / "shared" / "data" / "real" / "honeypotio-githubarchive" / "2015-01-01-12.json.gz"
# Lines appended to the served hour that the pipeline must reject or drop: not JSON, no id, and a duplicate event.
INVALID_LINES = [b'{"id": "truncated', b'{"type":"PushEvent","created_at":"2015-01-01T12:30:00Z"}']

# What `make build` and `make build-emr` produce and the rehearsal runs.
JAR_TREES = {
    "streaming-job/target/emr/streaming-job.jar": "make build-emr (the jar docs/cloud.md uploads)",
    "streaming-job/target/emr/lib": "make build-emr (the libraries docs/cloud.md uploads)",
    "streaming-job/target/lib-spark-4.0": "make build-emr (Spark 4.0.2, what EMR Serverless emr-spark-8.0.0 provides)",
    "streaming-job/target/emr-provided.txt": "make build-emr (which of those jars EMR provides)",
    "producer/target/producer.jar": "make build",
    "loader/target/loader.jar": "make build",
    "broker/target/broker.jar": "make build",
    "test-support/target/test-support.jar": "make build",
    "test-support/target/tools/s3proxy.jar": "make build",
}


class RenderedFlagMissing(AssertionError):
    """A flag the rehearsal must find in a rendered command is not there."""


@dataclass(frozen=True)
class Substitution:
    component: str
    flag: str
    rendered: str
    local: str
    why: str

    def line(self) -> str:
        return f"{self.component}: {self.flag} {self.rendered!r} -> {self.local!r} ({self.why})"


@dataclass
class Substitutions:
    made: list[Substitution] = field(default_factory=list)

    def replace_value(self, component: str, args: list[str], flag: str, value: str, why: str) -> list[str]:
        i = flag_index(component, args, flag)
        if i + 1 >= len(args):
            raise RenderedFlagMissing(f"{component}: the rendered command has {flag} without a value: {args}")
        self.made.append(Substitution(component, flag, args[i + 1], value, why))
        return args[:i + 1] + [value] + args[i + 2:]

    def remove_switch(self, component: str, args: list[str], flag: str, why: str) -> list[str]:
        i = flag_index(component, args, flag)
        self.made.append(Substitution(component, flag, flag, "(removed)", why))
        return args[:i] + args[i + 1:]

    def add(self, component: str, args: list[str], extra: list[str], why: str) -> list[str]:
        self.made.append(Substitution(component, extra[0], "(not rendered)", " ".join(extra), why))
        return args + extra

    def note(self, component: str, what: str, rendered: str, local: str, why: str) -> None:
        self.made.append(Substitution(component, what, rendered, local, why))


def flag_index(component: str, args: list[str], flag: str) -> int:
    if flag not in args:
        raise RenderedFlagMissing(f"{component}: the rendered command lacks {flag}: {shlex.join(args)}")
    return args.index(flag)


def require_built() -> None:
    missing = [f"{path} ({how})" for path, how in JAR_TREES.items() if not (ROOT / path).exists()]
    if missing:
        raise AssertionError("the command rehearsal runs the built jars; build them first (make build && make "
                             "build-emr):\n  " + "\n  ".join(missing))


# ---------------------------------------------------------------------------------------------------------------------
# What terraform rendered (the apply rehearsal's state after `terraform apply` on moto)
# ---------------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Container:
    command: list[str]
    environment: dict[str, str]


@dataclass(frozen=True)
class Rendered:
    producer: Container
    loader: Container
    stream_job_run: dict
    mwaa_settings: dict[str, str]   # the exports of the MWAA startup script, which the DAGs read as settings
    artifacts_bucket: str
    stream_restart: Container       # the one-shot task that starts the job run again after it failed for good

    @staticmethod
    def from_state(applied: dict[str, dict], outputs: dict[str, object]) -> "Rendered":
        def container(task: str, name: str) -> Container:
            address = f"{MODULE}aws_ecs_task_definition.{task}"
            if address not in applied:
                raise AssertionError(f"{address} is not in the apply rehearsal's state")
            [c] = [c for c in json.loads(applied[address]["container_definitions"]) if c["name"] == name]
            return Container(list(c.get("command") or []), {e["name"]: e["value"] for e in c.get("environment") or []})

        startup = applied.get(f"{MODULE}aws_s3_object.airflow_startup")
        if startup is None:
            raise AssertionError(f"{MODULE}aws_s3_object.airflow_startup (the MWAA settings) is not in the state")
        return Rendered(container("producer", "producer"), container("loader", "loader"),
                        json.loads(outputs["stream_start_job_run"]), startup_exports(startup["content"]),
                        str(outputs["artifacts_bucket"]), container("stream_restart", "restart"))


def startup_exports(script: str) -> dict[str, str]:
    """`export K='V'` lines of the MWAA startup script, as the shell would set them."""
    env = {}
    for line in script.splitlines():
        m = re.fullmatch(r"export ([A-Z_][A-Z0-9_]*)=(.*)", line.strip())
        if m:
            [value] = shlex.split(m.group(2)) or [""]
            env[m.group(1)] = value
    return env


def dag_commands(settings_env: dict[str, str], hour: str) -> dict[str, list[str]]:
    """The container command overrides the DAGs' GhActivityEcsOperator sends for an hour: ecs_runner.ecs_command(),
    which is loader_cli.command_args() on the settings (airflow/include; the operator itself is tested with real
    Airflow in airflow/tests/test_ecs_runner.py). Settings come from the startup script's environment, as on MWAA."""
    sys.path.insert(0, str(ROOT / "airflow"))
    try:
        from include.loader_cli import command_args
        from include.settings import Settings
    finally:
        sys.path.remove(str(ROOT / "airflow"))
    runner = (ROOT / "airflow" / "include" / "ecs_runner.py").read_text()
    assert "return command_args(command, settings, hour)" in runner and '"command": ecs_command(' in runner, \
        "airflow/include/ecs_runner.py no longer overrides the ECS command with command_args(): update the rehearsal"
    settings = Settings.load(variable=lambda name: None, environ=settings_env)
    assert settings.runner == "ecs", f"MWAA's settings do not run the loader on ECS: {settings.runner}"
    return {c: command_args(c, settings, "pending" if c == "sweep" else hour) for c in ("load", "check", "sweep")}


# ---------------------------------------------------------------------------------------------------------------------
# Stand-ins
# ---------------------------------------------------------------------------------------------------------------------

class StandIns:
    """test-support's RehearsalStandIns in its own JVM; stopped by closing its stdin."""

    def __init__(self, workdir: Path, buckets: list[str]):
        cp = f"{ROOT}/test-support/target/test-support.jar:{ROOT}/test-support/target/lib/*"
        self._log = (workdir / "stand-ins.log").open("w")
        self._proc = subprocess.Popen(
            ["java", f"@{ROOT}/conf/java17.args", f"-Dgh.root={ROOT}", "-Xmx512m", "-cp", cp,
             "io.ghactivity.testsupport.redshift.RehearsalStandIns", str(workdir / "stand-ins"), *buckets],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, text=True)
        line = self._proc.stdout.readline()
        if not line:
            self.stop()
            raise AssertionError(f"the stand-ins did not start: {(workdir / 'stand-ins.log').read_text()[-3000:]}")
        self.endpoints = json.loads(line)
        self.psql = str(next(Path("/usr/lib/postgresql").glob("*/bin/psql")))

    def sql(self, query: str, database: str) -> list[list[str]]:
        r = subprocess.run([self.psql, "-h", "127.0.0.1", "-p", str(self.endpoints["postgres_port"]), "-U",
                            self.endpoints["postgres_user"], "-d", database, "-AtX", "-F", "|", "-v", "ON_ERROR_STOP=1",
                            "-c", query], capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            raise AssertionError(f"psql {query!r}: {r.stderr}")
        return [row.split("|") for row in r.stdout.splitlines()]

    def copies(self) -> list[dict]:
        log = Path(self.endpoints["copy_log"])
        return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []

    def stop(self) -> None:
        if self._proc.poll() is None:
            self._proc.stdin.close()
            try:
                self._proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._log.close()


class GhArchiveStandIn:
    """data.gharchive.org on 127.0.0.1: serves the files of one directory over HTTP."""

    def __init__(self, directory: Path):
        handler = lambda *a, **kw: _QuietHandler(*a, directory=str(directory), **kw)  # noqa: E731
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, name="gharchive-stand-in", daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def served_hour(directory: Path) -> Path:
    """The real hour as GH Archive names it, plus INVALID_LINES and a duplicate of its first event."""
    directory.mkdir(parents=True, exist_ok=True)
    lines = gzip.decompress(REAL_HOUR_FILE.read_bytes()).splitlines()
    out = directory / "2015-01-01-12.json.gz"
    out.write_bytes(gzip.compress(b"\n".join(lines + INVALID_LINES + [lines[0]]) + b"\n"))
    return out


@dataclass(frozen=True)
class Recount:
    events: int
    actors: int
    repos: int
    by_type: dict[str, int]


def recount(hour_file: Path, hour: str) -> Recount:
    """The hour's valid events counted from the input alone: JSON objects with a digit id, a type and a created_at
    inside the hour, each id once (the stream dedups by id)."""
    start = datetime.strptime(hour, "%Y-%m-%dT%H").replace(tzinfo=timezone.utc)
    seen: dict[str, dict] = {}
    for raw in gzip.decompress(hour_file.read_bytes()).splitlines():
        try:
            event = json.loads(raw)
        except ValueError:
            continue
        if not isinstance(event, dict) or not str(event.get("id", "")).isdigit() or not event.get("type"):
            continue
        created = datetime.strptime(event.get("created_at", ""), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        if 0 <= (created - start).total_seconds() < 3600:
            seen.setdefault(str(event["id"]), event)
    by_type: dict[str, int] = {}
    for e in seen.values():
        by_type[e["type"]] = by_type.get(e["type"], 0) + 1
    return Recount(len(seen), len({e["actor"]["id"] for e in seen.values() if e.get("actor")}),
                   len({e["repo"]["id"] for e in seen.values() if e.get("repo")}), by_type)


# ---------------------------------------------------------------------------------------------------------------------
# Running the rendered commands
# ---------------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    def reports(self) -> list[dict]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.startswith("{")]

    def tail(self) -> str:
        return "\n".join((self.stdout + "\n" + self.stderr).strip().splitlines()[-40:])


def launch(args: list[str], env: dict[str, str], log: Path, timeout: int = 300) -> Run:
    """bin/gh-activity ARGS: the image's entrypoint (docker/Dockerfile) with the container's command."""
    t = time.monotonic()
    r = subprocess.run([str(LAUNCHER), *args], env=env, capture_output=True, text=True, timeout=timeout)
    log.write_text(f"$ gh-activity {shlex.join(args)}\n--- stdout\n{r.stdout}\n--- stderr\n{r.stderr}")
    return Run(args, r.returncode, r.stdout, r.stderr, time.monotonic() - t)


def process_env(container_env: dict[str, str], stand_ins: dict) -> dict[str, str]:
    """The task's rendered environment, plus the stand-in S3's keys (the task role's credentials on AWS) and a PATH."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "JAVA_HOME", "LANG", "TMPDIR")}
    env.update(container_env)
    env.update(AWS_ACCESS_KEY_ID=stand_ins["s3_access_key"], AWS_SECRET_ACCESS_KEY=stand_ins["s3_secret_key"],
               AWS_EC2_METADATA_DISABLED="true", NO_PROXY="127.0.0.1", no_proxy="127.0.0.1")
    return env


@dataclass(frozen=True)
class SparkSubmit:
    """`sparkSubmitParameters` of the job run: --class, --jars and --conf k=v, nothing else."""
    main_class: str
    jars: list[str]
    conf: dict[str, str]

    @staticmethod
    def parse(parameters: str) -> "SparkSubmit":
        tokens = shlex.split(parameters)
        main_class, jars, conf = None, [], {}
        i = 0
        while i < len(tokens):
            flag, value = tokens[i], tokens[i + 1] if i + 1 < len(tokens) else None
            if value is None:
                raise AssertionError(f"sparkSubmitParameters: {flag} without a value")
            if flag == "--class":
                main_class = value
            elif flag == "--jars":
                jars = value.split(",")
            elif flag == "--conf":
                key, sep, v = value.partition("=")
                assert sep, f"sparkSubmitParameters: --conf {value} is not KEY=VALUE"
                conf[key] = v
            else:
                raise AssertionError(f"sparkSubmitParameters: {flag} is a spark-submit parameter the rehearsal does "
                                     "not run (add it to command_rehearsal.SparkSubmit)")
            i += 2
        if main_class is None:
            raise RenderedFlagMissing("stream: sparkSubmitParameters lacks --class (EMR would not know what to run)")
        return SparkSubmit(main_class, jars, conf)


def local_artifact(s3_url: str, artifacts_bucket: str, component: str, subs: Substitutions) -> Path:
    """s3://ARTIFACTS/emr/X -> streaming-job/target/emr/X: what docs/cloud.md uploads there."""
    prefix = f"s3://{artifacts_bucket}/emr/"
    if not s3_url.startswith(prefix):
        raise AssertionError(f"{component}: {s3_url} is not under {prefix}, where docs/cloud.md uploads the job")
    local = ROOT / "streaming-job" / "target" / "emr" / s3_url[len(prefix):]
    subs.note(component, "artifact", s3_url, str(local.relative_to(ROOT)), "the file docs/cloud.md uploads there")
    return local


def stream_command(job_run: dict, artifacts_bucket: str, stand_ins: dict, subs: Substitutions) -> list[str]:
    """The java command line that runs the EMR job run locally the way spark-submit starts its driver: the entry
    point's main class with the entry point arguments, the job's jar and --jars on the classpath plus what EMR provides
    (Spark 4.0.2: lib-spark-4.0), each --conf as a spark.* system property (which SparkConf reads)."""
    driver = job_run["jobDriver"]["sparkSubmit"]
    submit = SparkSubmit.parse(driver["sparkSubmitParameters"])
    jar = local_artifact(driver["entryPoint"], artifacts_bucket, "stream", subs)
    classpath = [str(jar)]
    for j in submit.jars:
        if j.endswith("/*"):
            classpath.append(str(local_artifact(j[:-1], artifacts_bucket, "stream", subs)) + "/*")
        else:
            classpath.append(str(local_artifact(j, artifacts_bucket, "stream", subs)))
    classpath += emr_provided_jars()
    subs.note("stream", "classpath", "EMR Serverless emr-spark-8.0.0 runtime",
              "the jars of streaming-job/target/lib-spark-4.0 named in target/emr-provided.txt",
              "what the release label provides (Spark 4.0.2, Hadoop's S3A; streaming-job/src/emr/provided-pom.xml)")
    args = list(driver["entryPointArguments"])
    args = subs.replace_value("stream", args, "--bootstrap", stand_ins["bootstrap"], "MSK -> the project's broker")
    args = subs.remove_switch("stream", args, "--msk-iam", "IAM auth over TLS -> the local broker's plaintext")
    flag_index("stream", args, "--lake")  # the rendered lake bucket is the stand-in S3's bucket
    args = subs.add("stream", args, ["--s3-endpoint", stand_ins["s3_endpoint"]], "S3 -> the stand-in S3 (path-style)")
    subs.note("stream", "spark.master", "(set by EMR's spark-submit)", "local[*] (the job's default)",
              "EMR's workers -> this JVM")
    subs.note("stream", "driver JVM", f"spark.driver.memory={submit.conf.get('spark.driver.memory')}",
              "-Xmx2g + conf/java17.args", "a shared 2-core test machine; spark-submit adds the module flags on EMR")
    props = [f"-D{k}={v}" for k, v in submit.conf.items()]
    return ["java", f"@{ROOT}/conf/java17.args", "-Xmx2g", f"-Dgh.root={ROOT}",
            f"-Dlog4j2.configurationFile={ROOT}/conf/log4j2-cli.properties", *props,
            "-cp", ":".join(classpath), submit.main_class, *args]


def emr_provided_jars() -> list[str]:
    """The jars of the Spark 4.0.2 classpath that EMR provides (scripts/emr-jars.sh lists them): the job must find
    everything else in what docs/cloud.md uploads."""
    provided = set((ROOT / "streaming-job" / "target" / "emr-provided.txt").read_text().split())
    jars = sorted(str(j) for j in (ROOT / "streaming-job" / "target" / "lib-spark-4.0").glob("*.jar") if j.name in provided)
    assert jars, "no jar of streaming-job/target/lib-spark-4.0 is named in target/emr-provided.txt: run make build-emr"
    return jars


def loader_command(rendered: list[str], stand_ins: dict, component: str, subs: Substitutions) -> list[str]:
    """A rendered loader command (ECS task definition or MWAA override) pointed at the stand-ins."""
    args = list(rendered)
    i = flag_index(component, args, "--warehouse")
    m = re.fullmatch(r"redshift:jdbc:redshift:iam://([^:/]+):(\d+)/(\w+)", args[i + 1])
    if m is None:
        raise AssertionError(f"{component}: --warehouse {args[i + 1]} is not redshift:jdbc:redshift:iam://HOST:PORT/DB")
    local = f"redshift:jdbc:redshift://127.0.0.1:{stand_ins['redshift_port']}/{m.group(3)}?ssl=false"
    args = subs.replace_value(component, args, "--warehouse", local,
                              "Redshift Serverless with IAM auth -> the Redshift stand-in (PostgreSQL) as a database "
                              "user, plain TCP; database name kept")
    args = subs.add(component, args, ["--redshift-user", stand_ins["postgres_user"]],
                    "jdbc:redshift:iam:// logs in with the task role; the stand-in takes a user (trust auth)")
    if args[0] == "load":
        args = subs.add(component, args, ["--s3-endpoint", stand_ins["s3_endpoint"], "--s3-path-style"],
                        "S3 -> the stand-in S3")
    return args


def database_of(warehouse_flag_value: str) -> str:
    return warehouse_flag_value.rsplit("/", 1)[1].split("?")[0]


def wait_for(predicate, timeout_s: float, what: str, proc: subprocess.Popen | None = None, log: Path | None = None):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            tail = log.read_text()[-4000:] if log else ""
            raise AssertionError(f"{what}: the process exited with {proc.returncode} first:\n{tail}")
        time.sleep(1)
    tail = log.read_text()[-4000:] if log else ""
    raise AssertionError(f"{what}: not within {timeout_s:.0f}s\n{tail}")


def stop(proc: subprocess.Popen, grace_s: int = 60) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def which_java() -> str | None:
    java_home = os.environ.get("JAVA_HOME")
    return str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
