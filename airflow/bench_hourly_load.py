"""Benchmark: what one hour costs under Airflow — the whole DAG run, the loader and check commands, the orchestration.

Inputs: the built loader (bin/gh-activity) and test-support (LakeFixtureMain), the real ghmap sample (2025-03-20,
100 events in 8 hours: the one real sample after the DAG's start date). Output: one JSON line per run on stdout and a
summary line; progress on stderr. Runs in a throw-away AIRFLOW_HOME (SQLite) and temp lake + DuckDB warehouse.

    make build && scripts/airflow-venv.sh
    cd airflow && .venv/bin/python bench_hourly_load.py [--hours 8]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

AIRFLOW_DIR = Path(__file__).resolve().parent
ROOT = AIRFLOW_DIR.parent
HOME = tempfile.mkdtemp(prefix="gh-activity-bench-")
os.environ.update({
    "AIRFLOW_HOME": HOME, "AIRFLOW__CORE__DAGS_FOLDER": str(AIRFLOW_DIR / "dags"),
    "AIRFLOW__CORE__LOAD_EXAMPLES": "False", "AIRFLOW__CORE__UNIT_TEST_MODE": "True",
    "AIRFLOW__CORE__EXECUTOR": "SequentialExecutor",
    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{HOME}/airflow.db", "AIRFLOW__LOGGING__LOGGING_LEVEL": "WARNING",
})
sys.path.insert(0, str(AIRFLOW_DIR))


def build_lake(out: Path) -> None:
    jar = ROOT / "test-support" / "target" / "test-support.jar"
    if not jar.is_file() or not (ROOT / "loader" / "target" / "loader.jar").is_file():
        sys.exit("bench: build first (make build): test-support.jar or loader.jar is missing")
    subprocess.run(["java", "-Xmx512m", f"-Dgh.root={ROOT}", "-cp", f"{jar}:{jar.parent / 'lib'}/*",
                    "io.ghactivity.testsupport.LakeFixtureMain", str(out), "GHMAP_JULIA"],
                   check=True, stdout=subprocess.DEVNULL)


COMMAND_SECONDS: dict[str, float] = {}


def time_commands() -> None:
    """Wraps the local runner so each gh-activity command's wall time is recorded (the DAG looks it up per call)."""
    from include import loader_cli

    real = loader_cli.run_local

    def timed(launcher, args, hour, timeout_s):
        started = time.perf_counter()
        try:
            return real(launcher, args, hour, timeout_s)
        finally:
            COMMAND_SECONDS[args[0]] = time.perf_counter() - started

    loader_cli.run_local = timed


def run_once(dag, hour: datetime) -> dict:
    started = time.perf_counter()
    run = dag.test(execution_date=hour + timedelta(hours=1))
    wall = time.perf_counter() - started
    load, check = COMMAND_SECONDS.pop("load", 0.0), COMMAND_SECONDS.pop("check", 0.0)
    return {"hour": hour.strftime("%Y-%m-%dT%H"), "state": run.state, "wall_s": round(wall, 2),
            "load_s": round(load, 2), "check_s": round(check, 2), "orchestration_s": round(wall - load - check, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=int, default=8, help="hours to load, from 2025-03-20T16 (max 8)")
    args = parser.parse_args()
    work = Path(HOME) / "work"
    try:
        print("bench: writing the lake from the real ghmap sample", file=sys.stderr)
        build_lake(work / "lake")
        os.environ.update({"GH_ACTIVITY_LAKE": str(work / "lake"),
                           "GH_ACTIVITY_WAREHOUSE": f"duckdb:{work / 'warehouse.duckdb'}",
                           "GH_ACTIVITY_LAUNCHER": str(ROOT / "bin" / "gh-activity"), "GH_ACTIVITY_SENSOR_POKE_S": "1"})
        from airflow.models import DagBag
        from airflow.utils import db

        db.resetdb()
        time_commands()
        bag = DagBag(str(AIRFLOW_DIR / "dags"), include_examples=False)
        bag.sync_to_db()
        dag = bag.get_dag("gh_activity_hourly_load")
        first = datetime(2025, 3, 20, 16, tzinfo=timezone.utc)
        hours = [first + timedelta(hours=i) for i in range(min(args.hours, 8))]
        results = {"first load": [], "re-run (no-op)": []}
        for label in results:
            for hour in hours:
                r = run_once(dag, hour)
                r["run"] = label
                print(json.dumps(r))
                print(f"bench: {label} {r['hour']}: {r['wall_s']} s", file=sys.stderr)
                results[label].append(r)
        for label, rs in results.items():
            walls = [r["wall_s"] for r in rs]
            print(f"summary {label}: {len(rs)} hours, median {statistics.median(walls):.2f} s/hour "
                  f"(load {statistics.median(r['load_s'] for r in rs):.2f} s, "
                  f"check {statistics.median(r['check_s'] for r in rs):.2f} s, "
                  f"orchestration {statistics.median(r['orchestration_s'] for r in rs):.2f} s); "
                  f"all runs {'succeeded' if all(r['state'] == 'success' for r in rs) else 'DID NOT all succeed'}")
    finally:
        shutil.rmtree(HOME, ignore_errors=True)


if __name__ == "__main__":
    main()
