"""
### gh-activity pending sweep

Loads every lake hour whose completion manifest the warehouse does not hold at the same revision and files:
`gh-activity load --pending`, one loader run for all of them, in hour order. It covers what the hourly DAG does not:

- **the backfill**: after a replay of June 2022 the 720 closed hours load in one run (one ECS task in the cloud),
  not in 720 runs with an ECS task start each;
- **late revisions**: late rows re-open a closed hour and the stream rewrites its manifest with `revision + 1`; the
  next sweep reloads that hour (one transaction, like any load), so the warehouse shows the new revision;
- an hour whose hourly run failed or timed out, once its manifest is there.

1. **choose_runner** - `GH_ACTIVITY_LOADER_RUNNER`: `local` runs `bin/gh-activity` on the worker, `ecs` runs the
   same command as an ECS task.
2. **sweep_*** - `gh-activity load --lake LAKE --warehouse WAREHOUSE --pending` (plus `--iam-role` and `--s3-staging`
   for Redshift). Each hour is its own transaction with its quality checks; a failed hour does not stop the others,
   and the task then fails with the first failure's report (exit 3: a quality check; 1: an error).
3. **announce** - the dataset event `gh-activity://warehouse/hourly` with the hours the sweep loaded.

Every 15 minutes, `catchup=False` (a sweep finds everything pending, so missed sweeps need no catch-up),
`max_active_runs=1`. Idempotent: a sweep with nothing pending changes nothing.
"""

from __future__ import annotations

import pendulum
from airflow import DAG
from airflow.decorators import task
from airflow.utils.trigger_rule import TriggerRule

from include.dag_common import DEFAULT_ARGS, HOURLY_LOADED, run_locally
from include.ecs_runner import GhActivityEcsOperator
from include.settings import Settings

DAG_ID = "gh_activity_pending_sweep"

with DAG(
    dag_id=DAG_ID,
    doc_md=__doc__,
    description="Load every hour whose manifest is new or has a new revision (backfill, late revisions) in one loader run",
    schedule="*/15 * * * *",
    start_date=pendulum.datetime(2022, 6, 1, 0, tz="UTC"),
    end_date=None,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["gh-activity", "warehouse", "sweep"],
) as dag:

    @task.branch(task_id="choose_runner")
    def choose_runner() -> str:
        return "sweep_local" if Settings.load().runner == "local" else "sweep_ecs"

    @task(task_id="sweep_local")
    def sweep_local(data_interval_start=None) -> list[dict]:
        return run_locally("sweep", data_interval_start)

    sweep_ecs = GhActivityEcsOperator(task_id="sweep_ecs", command="sweep")

    @task(task_id="announce", outlets=[HOURLY_LOADED], trigger_rule=TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS)
    def announce(outlet_events=None, ti=None) -> list[str]:
        # The local loader's JSON lines say which hours it loaded; the ECS runner's output stays in CloudWatch.
        reports = ti.xcom_pull(task_ids="sweep_local") or []
        loaded = [r["hour"] for r in reports if r.get("status") == "loaded"]
        outlet_events[HOURLY_LOADED].extra = {"sweep": True, "hours": loaded, "load": reports}
        return loaded

    runner = choose_runner()
    local = sweep_local()
    done = announce()
    runner >> local >> done
    runner >> sweep_ecs >> done
