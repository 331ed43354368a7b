"""
### gh-activity hourly load

Loads each closed hour of the GitHub event lake into the warehouse, one DAG run per hour, keyed on
`data_interval_start` (the run for 2022-06-05 07:00-08:00 UTC loads hour `2022-06-05T07`).

1. **wait_for_manifest** - waits (reschedule mode: no worker slot held) for the hour's completion manifest
   `LAKE/_manifests/events/dt=YYYY-MM-DD/hr=HH.json`, written by the streaming job when the hour is closed. After
   `GH_ACTIVITY_SENSOR_TIMEOUT_S` it fails with a message naming the manifest, and the failure callback alerts.
2. **choose_runner** - `GH_ACTIVITY_LOADER_RUNNER`: `local` runs `bin/gh-activity` on the worker, `ecs` runs the same
   command as an ECS task.
3. **load_*** - `gh-activity load --lake LAKE --warehouse WAREHOUSE --hour YYYY-MM-DDTHH`: one transaction per hour
   (delete the hour, insert the manifest's rows, record it in `load_log`, refresh the marts). Loading an already-loaded
   hour with the same manifest is a no-op.
4. **check_*** - `gh-activity check --warehouse WAREHOUSE --hour ...`: the quality checks (rows = manifest rows, no
   duplicate ids, every row inside its hour, required fields present); fails the run with their report.
5. **mark_hour_done** - emits the dataset event `gh-activity://warehouse/hourly` (extra: the hour and its rows) so
   downstream DAGs can react.

**Backfill and late revisions are not this DAG's job**: it runs live hours only (`catchup=False`). The DAG
`gh_activity_pending_sweep` loads every hour whose manifest the warehouse does not hold yet - the June 2022 backfill
in one loader run instead of 720, and every later revision of an hour that late rows re-opened. `max_active_runs=1`
loads hours in order (the embedded DuckDB warehouse has a single writer).

**Idempotent**: every task is keyed on the hour only; clearing and re-running any task leaves the warehouse unchanged.
Settings: Airflow Variables or environment variables, read at run time (see `airflow/README.md`).
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow import DAG
from airflow.decorators import task
from airflow.utils.trigger_rule import TriggerRule

from include.dag_common import DEFAULT_ARGS, HOURLY_LOADED, run_locally
from include.ecs_runner import GhActivityEcsOperator
from include.hours import hour_id
from include.manifest_sensor import ManifestSensor
from include.settings import Settings

DAG_ID = "gh_activity_hourly_load"


with DAG(
    dag_id=DAG_ID,
    doc_md=__doc__,
    description="Wait for each closed hour's manifest, load it into the warehouse, check it, announce it",
    schedule="@hourly",
    start_date=pendulum.datetime(2022, 6, 1, 0, tz="UTC"),
    end_date=None,
    catchup=False,  # the backfill is gh_activity_pending_sweep's: one loader run, not one per hour
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=12),
    default_args=DEFAULT_ARGS,
    tags=["gh-activity", "warehouse", "hourly"],
) as dag:
    wait_for_manifest = ManifestSensor(task_id="wait_for_manifest")

    @task.branch(task_id="choose_runner")
    def choose_runner() -> str:
        runner = Settings.load().runner
        return "load_local" if runner == "local" else "load_ecs"

    @task(task_id="load_local")
    def load_local(data_interval_start=None) -> list[dict]:
        return run_locally("load", data_interval_start)

    @task(task_id="check_local")
    def check_local(data_interval_start=None) -> list[dict]:
        return run_locally("check", data_interval_start)

    load_ecs = GhActivityEcsOperator(task_id="load_ecs", command="load")
    check_ecs = GhActivityEcsOperator(task_id="check_ecs", command="check")

    @task(task_id="mark_hour_done", outlets=[HOURLY_LOADED], trigger_rule=TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS)
    def mark_hour_done(data_interval_start=None, outlet_events=None, ti=None) -> str:
        hour = hour_id(data_interval_start)
        # The local loader's JSON report (rows, status loaded|skipped); the ECS runner's output stays in CloudWatch.
        reports = ti.xcom_pull(task_ids="load_local") or []
        outlet_events[HOURLY_LOADED].extra = {"hour": hour, "load": reports}
        return hour

    runner = choose_runner()
    local_load = load_local()
    local_check = check_local()
    done = mark_hour_done()

    wait_for_manifest >> runner
    runner >> local_load >> local_check >> done
    runner >> load_ecs >> check_ecs >> done
