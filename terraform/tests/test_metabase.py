"""The Metabase dashboard-as-code (terraform/metabase/dashboard.json) queries only real warehouse tables and columns
(the DDL in loader's WarehouseSchema, the contract in Marts.java), covers every tile of the local dashboard and
wires every filter it uses. apply.py --check runs the same validation offline."""
from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT, TERRAFORM

sys.path.insert(0, str(TERRAFORM / "metabase"))
import apply  # noqa: E402

SCHEMA = ROOT / "loader/src/main/java/io/ghactivity/loader/WarehouseSchema.java"
MARTS = ROOT / "contracts/src/main/java/io/ghactivity/contracts/Marts.java"


def warehouse_columns() -> dict[str, set[str]]:
    consts = dict(re.findall(r'String (\w+) = "(\w+)";', MARTS.read_text()))
    tables = {}
    src = re.sub(r'"\s*\+\s*t\s*\+\s*"', " VARCHAR", SCHEMA.read_text())
    src = re.sub(r'"\s*\+\s*t\s*\+?\s*\n?\s*', ' VARCHAR"', src)
    for const, cols in re.findall(r'createTable\((\w+),\s*((?:"[^"]*"\s*\+?\s*)+)', src, re.S):
        ddl = " ".join(re.findall(r'"([^"]*)"', cols))
        tables[consts.get(const, const)] = {c.strip().split()[0] for c in ddl.split(",") if c.strip()}
    return tables


def test_the_warehouse_ddl_is_readable():
    tables = warehouse_columns()
    assert {"event_hour", "events", "event_type"} <= tables["hourly_activity"]
    assert {"entity", "event_type", "prev_hour", "cur_hour", "n"} <= tables["distinct_gaps"]
    assert {"event_hour", "loaded_at"} <= tables["load_log"]


def test_every_card_reads_only_existing_tables_and_columns():
    tables = warehouse_columns()
    for card in apply.load_spec()["cards"]:
        sql = re.sub(r"EXTRACT\([^)]*\)", "", card["sql"])  # EXTRACT(hour FROM col) is not a table
        used = set(re.findall(r"\b(?:FROM|JOIN)\s+(\w+)", sql))
        assert used, card["key"]
        assert used <= tables.keys(), f"{card['key']} reads unknown tables {used - tables.keys()}"
        known = set().union(*(tables[t] for t in used))
        qualified = set(re.findall(r"\b(?:a|rn)\.(\w+)", card["sql"]))
        assert qualified <= known, f"{card['key']}: unknown columns {qualified - known}"
        for col in ("event_hour", "event_type", "events", "repo_id", "repo_name", "n", "cur_hour", "prev_hour"):
            if re.search(rf"\b{col}\b", sql.split("FROM", 1)[-1]):
                assert col in known, f"{card['key']} uses {col}, not a column of {used}"


def test_the_tiles_of_the_local_dashboard_are_all_there_with_their_filters():
    spec = apply.load_spec()
    names = {c["key"]: c for c in spec["cards"]}
    assert {"kpi_events", "kpi_actors", "kpi_repos", "kpi_latest", "hour_of_day", "type_popularity",
            "activity_over_time", "top_repos", "least_repos"} == names.keys()
    assert "distinct_gaps" in names["kpi_actors"]["sql"], "unique counts must come from distinct_gaps, never sums"
    assert "ORDER BY events ASC" in names["type_popularity"]["sql"], "least popular types first"
    for key, card in names.items():
        assert card["description"].strip() and card["name"].strip()
        if key != "kpi_latest":
            assert {"date_from", "date_to"} <= set(card["uses"]), key
    mappings = apply.dashcards(spec, {c["key"]: i for i, c in enumerate(spec["cards"], 1)})
    assert sum(len(m["parameter_mappings"]) for m in mappings) == sum(len(c.get("uses", [])) for c in spec["cards"])
    cells = [(c["row"], c["col"]) for c in spec["cards"]]
    assert len(set(cells)) == len(cells), "two tiles at the same grid position"


def test_apply_check_runs_offline():
    r = subprocess.run([sys.executable, str(TERRAFORM / "metabase/apply.py"), "--check"], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "9 cards, 3 filters" in r.stdout
