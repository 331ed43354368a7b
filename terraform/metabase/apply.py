#!/usr/bin/env python3
"""Apply the gh-activity Metabase dashboard (dashboard.json) through Metabase's REST API. Idempotent.

Inputs: a running Metabase (terraform output metabase_url), its admin e-mail/password (created on first run), and the
Redshift connection of the read-only user metabase_ro (password from the secret metabase_redshift_secret_arn).
Output: the database connection, one native question per tile and the "GitHub activity" dashboard with its three
filters wired to every question; existing objects with the same names are updated, never duplicated.

Run (Python 3.9+, standard library only):
  MB_ADMIN_PASSWORD=... MB_REDSHIFT_PASSWORD=... terraform/metabase/apply.py --url http://<alb> \\
      --admin-email you@example.com --redshift-host <workgroup endpoint> --redshift-db ghactivity
  terraform/metabase/apply.py --check      # validate dashboard.json offline and print the plan, no network
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

SPEC = Path(__file__).with_name("dashboard.json")


def load_spec(path: Path = SPEC) -> dict:
    spec = json.loads(path.read_text())
    slugs = {p["slug"] for p in spec["parameters"]}
    for card in spec["cards"]:
        for slug in slugs:
            if "{{" + slug + "}}" in card["sql"]:
                card.setdefault("uses", []).append(slug)
    return spec


def template_tags(spec: dict, card: dict) -> dict:
    tags = {}
    for p in spec["parameters"]:
        if p["slug"] in card.get("uses", []):
            tags[p["slug"]] = {"id": p["slug"], "name": p["slug"], "display-name": p["name"], "type": p["tag_type"],
                               "required": True, "default": p["default"]}
    return tags


class Metabase:
    """Just the REST calls this script needs, with the session header once logged in."""

    def __init__(self, url: str):
        self.url = url.rstrip("/")
        self.session = None

    def call(self, method: str, path: str, body=None, missing_ok: bool = False):
        req = urllib.request.Request(self.url + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
        if self.session:
            req.add_header("X-Metabase-Session", self.session)
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as e:
            if missing_ok and e.code == 404:
                return None
            raise SystemExit(f"metabase: {method} {path} answered {e.code}: {e.read()[:300]!r}")
        return json.loads(raw) if raw else None

    def wait_healthy(self, timeout_s: int) -> None:
        deadline = time.time() + timeout_s
        while time.time() < deadline:
            try:
                if self.call("GET", "/api/health").get("status") == "ok":
                    return
            except (SystemExit, OSError):
                pass
            print("metabase: waiting for /api/health ...", file=sys.stderr)
            time.sleep(10)
        raise SystemExit(f"metabase: not healthy after {timeout_s} s at {self.url}")


def ensure_admin(mb: Metabase, email: str, password: str) -> None:
    props = mb.call("GET", "/api/session/properties")
    if props.get("setup-token") and not props.get("has-user-setup"):
        mb.call("POST", "/api/setup", {"token": props["setup-token"],
                                       "user": {"email": email, "password": password, "first_name": "gh-activity",
                                                "last_name": "admin", "site_name": "gh-activity"},
                                       "prefs": {"site_name": "gh-activity", "allow_tracking": False}})
        print("metabase: initial admin created", file=sys.stderr)
    mb.session = mb.call("POST", "/api/session", {"username": email, "password": password})["id"]


def ensure_database(mb: Metabase, name: str, a: argparse.Namespace) -> int:
    details = {"host": a.redshift_host, "port": 5439, "db": a.redshift_db, "user": a.redshift_user,
               "password": os.environ["MB_REDSHIFT_PASSWORD"], "ssl": True}
    dbs = mb.call("GET", "/api/database")
    for db in dbs.get("data", dbs) if isinstance(dbs, dict) else dbs:
        if db["name"] == name:
            mb.call("PUT", f"/api/database/{db['id']}", {"engine": "redshift", "name": name, "details": details})
            return db["id"]
    return mb.call("POST", "/api/database", {"engine": "redshift", "name": name, "details": details})["id"]


def existing(mb: Metabase, kind: str, name: str) -> list:
    """Objects of a kind by name. GET /api/<kind>/ is kept "for backwards compatibility" only (Metabase's API docs):
    where a release dropped it, the search API (what Metabase's own UI uses) answers the same question."""
    items = mb.call("GET", f"/api/{kind}", missing_ok=True)
    if items is None:
        found = mb.call("GET", "/api/search?" + urllib.parse.urlencode({"models": kind, "q": name}))
        items = [i for i in found.get("data", []) if i.get("model") == kind]
    return items


def upsert(mb: Metabase, kind: str, name: str, body: dict) -> int:
    for item in existing(mb, kind, name):
        if item["name"] == name and not item.get("archived"):
            mb.call("PUT", f"/api/{kind}/{item['id']}", body)
            return item["id"]
    return mb.call("POST", f"/api/{kind}", body)["id"]


def card_body(spec: dict, card: dict, db_id: int) -> dict:
    return {"name": card["name"], "description": card["description"], "display": card["display"],
            "visualization_settings": card["viz"],
            "dataset_query": {"type": "native", "database": db_id,
                              "native": {"query": card["sql"], "template-tags": template_tags(spec, card)}}}


def dashboard_parameters(spec: dict) -> list:
    return [{"id": p["slug"], "slug": p["slug"], "name": p["name"], "type": p["type"], "default": p["default"]}
            for p in spec["parameters"]]


def dashcards(spec: dict, card_ids: dict) -> list:
    out = []
    for i, card in enumerate(spec["cards"]):
        out.append({"id": -(i + 1), "card_id": card_ids[card["key"]], "row": card["row"], "col": card["col"],
                    "size_x": card["size_x"], "size_y": card["size_y"],
                    "parameter_mappings": [{"parameter_id": slug, "card_id": card_ids[card["key"]],
                                            "target": ["variable", ["template-tag", slug]]}
                                           for slug in card.get("uses", [])]})
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--url", help="Metabase base URL (terraform output metabase_url)")
    ap.add_argument("--admin-email", help="admin user; created on a fresh Metabase (password: env MB_ADMIN_PASSWORD)")
    ap.add_argument("--redshift-host", help="terraform output redshift_workgroup_endpoint")
    ap.add_argument("--redshift-db", default="ghactivity")
    ap.add_argument("--redshift-user", default="metabase_ro")
    ap.add_argument("--wait", type=int, default=900, help="seconds to wait for Metabase to be healthy")
    ap.add_argument("--check", action="store_true", help="validate dashboard.json and print the plan; no network")
    a = ap.parse_args()

    spec = load_spec()
    if a.check:
        for card in spec["cards"]:
            print(f"card {card['key']:<20} {card['display']:<7} filters={','.join(card.get('uses', [])) or '-'}")
        print(f"dashboard '{spec['dashboard']['name']}': {len(spec['cards'])} cards, "
              f"{len(spec['parameters'])} filters")
        return 0
    missing = [n for n, v in (("--url", a.url), ("--admin-email", a.admin_email), ("--redshift-host", a.redshift_host),
                              ("MB_ADMIN_PASSWORD", os.environ.get("MB_ADMIN_PASSWORD")),
                              ("MB_REDSHIFT_PASSWORD", os.environ.get("MB_REDSHIFT_PASSWORD"))) if not v]
    if missing:
        ap.error("missing " + ", ".join(missing))

    mb = Metabase(a.url)
    mb.wait_healthy(a.wait)
    ensure_admin(mb, a.admin_email, os.environ["MB_ADMIN_PASSWORD"])
    db_id = ensure_database(mb, spec["database_name"], a)
    card_ids = {c["key"]: upsert(mb, "card", c["name"], card_body(spec, c, db_id)) for c in spec["cards"]}
    dash = spec["dashboard"]
    dash_id = upsert(mb, "dashboard", dash["name"], {"name": dash["name"], "description": dash["description"],
                                                      "parameters": dashboard_parameters(spec)})
    mb.call("PUT", f"/api/dashboard/{dash_id}", {"parameters": dashboard_parameters(spec),
                                                  "dashcards": dashcards(spec, card_ids)})
    print(f"{a.url.rstrip('/')}/dashboard/{dash_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
