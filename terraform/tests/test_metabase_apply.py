"""apply.py against a stand-in that enforces the Metabase REST contract apply.py relies on (the request shapes of
/api/setup, /api/session, /api/database, /api/card and /api/dashboard, and the X-Metabase-Session header): a first run
creates the connection, 9 questions and the dashboard; a second run updates them in place and creates nothing. Metabase
itself (a 400 MB JVM app, no Docker engine here) does not run in this test: it is a contract test, not an end-to-end one."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import TERRAFORM

APPLY = TERRAFORM / "metabase" / "apply.py"


class FakeMetabase:
    """Keeps objects per kind, rejects requests that break the contract with 400/401 as Metabase does."""

    def __init__(self, list_endpoints: bool = True):
        self.list_endpoints = list_endpoints  # False: a release without GET /api/card|dashboard (search only)
        self.objects = {"database": {}, "card": {}, "dashboard": {}}
        self.next_id = 1
        self.user = None
        self.sessions = set()
        self.calls = []
        self.dashcards = {}

    def handle(self, method: str, path: str, headers, body):
        self.calls.append((method, path))
        if (method, path) == ("GET", "/api/health"):
            return 200, {"status": "ok"}
        if (method, path) == ("GET", "/api/session/properties"):
            return 200, {"setup-token": None if self.user else "tok", "has-user-setup": self.user is not None}
        if (method, path) == ("POST", "/api/setup"):
            if self.user or body.get("token") != "tok" or not {"email", "password"} <= body.get("user", {}).keys():
                return 403, {"message": "setup"}
            self.user = (body["user"]["email"], body["user"]["password"])
            return 200, {"id": "setup-session"}
        if (method, path) == ("POST", "/api/session"):
            if (body.get("username"), body.get("password")) != self.user:
                return 401, {"errors": {"password": "did not match"}}
            self.sessions.add(f"s{len(self.sessions)}")
            return 200, {"id": f"s{len(self.sessions) - 1}"}
        if headers.get("X-Metabase-Session") not in self.sessions:
            return 401, "Unauthenticated"
        if path.startswith("/api/search?"):
            q = parse_qs(urlsplit(path).query)
            kind, name = q["models"][0], q["q"][0]
            return 200, {"data": [dict(v, id=k, model=kind) for k, v in self.objects.get(kind, {}).items()
                                  if name.lower() in v["name"].lower()]}
        parts = path.strip("/").split("/")  # api, kind[, id]
        kind = parts[1] if len(parts) > 1 else ""
        if kind not in self.objects:
            return 404, "Not found."
        store = self.objects[kind]
        if method == "GET" and len(parts) == 2:
            if not self.list_endpoints and kind != "database":
                return 404, "API endpoint does not exist."
            items = [dict(v, id=k) for k, v in store.items()]
            return 200, {"data": items, "total": len(items)} if kind == "database" else items
        if method == "POST" and len(parts) == 2:
            error = self.invalid(kind, body, create=True)
            if error:
                return 400, {"errors": error}
            store[self.next_id] = body
            self.next_id += 1
            return 200, dict(body, id=self.next_id - 1)
        if method == "PUT" and len(parts) == 3 and int(parts[2]) in store:
            error = self.invalid(kind, body, create=False)
            if error:
                return 400, {"errors": error}
            oid = int(parts[2])
            if kind == "dashboard" and "dashcards" in body:
                self.dashcards[oid] = body["dashcards"]
            store[oid] = {**store[oid], **{k: v for k, v in body.items() if k != "dashcards"}}
            return 200, dict(store[oid], id=oid)
        return 404, "Not found."

    def invalid(self, kind: str, body: dict, create: bool):
        if kind == "database":
            d = body.get("details", {})
            if body.get("engine") != "redshift" or not {"host", "port", "db", "user", "password"} <= d.keys():
                return "engine and details.host/port/db/user/password are required"
        if kind == "card" and create and not {"name", "dataset_query", "display", "visualization_settings"} <= body.keys():
            return "name, dataset_query, display and visualization_settings are required"
        if kind == "card":
            q = body.get("dataset_query", {})
            if q.get("type") != "native" or q.get("database") not in self.objects["database"]:
                return "dataset_query must be a native query on an existing database"
            for tag in q["native"]["template-tags"].values():
                if not {"id", "name", "display-name", "type"} <= tag.keys():
                    return "template tags need id, name, display-name, type"
        if kind == "dashboard" and "dashcards" in body:
            for dc in body["dashcards"]:
                if not {"id", "card_id", "row", "col", "size_x", "size_y"} <= dc.keys() or dc["card_id"] not in self.objects["card"]:
                    return "dashcards need id, card_id (an existing card), row, col, size_x, size_y"
                for m in dc["parameter_mappings"]:
                    if m["parameter_id"] not in {p["id"] for p in body.get("parameters", [])}:
                        return f"mapping to unknown parameter {m['parameter_id']}"
        return None


@pytest.fixture(params=[True, False], ids=["list-endpoints", "search-only"])
def metabase(request):
    fake = FakeMetabase(list_endpoints=request.param)

    class Handler(BaseHTTPRequestHandler):
        def _serve(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, payload = fake.handle(self.command, self.path, self.headers, json.loads(raw) if raw else {})
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = _serve

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)  # port 0: a free port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def run_apply(url: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, MB_ADMIN_PASSWORD="admin-pass-1", MB_REDSHIFT_PASSWORD="ro-pass-1")
    return subprocess.run([sys.executable, str(APPLY), "--url", url, "--admin-email", "admin@example.com",
                           "--redshift-host", "wg.example", "--wait", "30"], env=env, capture_output=True, text=True,
                          timeout=120)


def test_apply_creates_everything_once_and_a_second_run_only_updates(metabase):
    fake, url = metabase
    first = run_apply(url)
    assert first.returncode == 0, first.stderr
    counts = {k: len(v) for k, v in fake.objects.items()}
    assert counts == {"database": 1, "card": 9, "dashboard": 1}
    dash_id = next(iter(fake.objects["dashboard"]))
    assert first.stdout.strip() == f"{url}/dashboard/{dash_id}"
    assert len(fake.dashcards[dash_id]) == 9
    assert sum(len(dc["parameter_mappings"]) for dc in fake.dashcards[dash_id]) > 0

    fake.calls.clear()
    second = run_apply(url)
    assert second.returncode == 0, second.stderr
    assert {k: len(v) for k, v in fake.objects.items()} == counts, "a second run must not duplicate anything"
    creates = [c for c in fake.calls if c[0] == "POST" and c[1] not in ("/api/session",)]
    assert creates == [], f"a second run created objects: {creates}"
    assert ("POST", "/api/setup") not in fake.calls
    assert sum(1 for c in fake.calls if c[0] == "PUT" and c[1].startswith("/api/card/")) == 9


def test_a_wrong_admin_password_fails_with_a_clear_message(metabase):
    fake, url = metabase
    assert run_apply(url).returncode == 0
    env = dict(os.environ, MB_ADMIN_PASSWORD="wrong", MB_REDSHIFT_PASSWORD="x")
    r = subprocess.run([sys.executable, str(APPLY), "--url", url, "--admin-email", "admin@example.com",
                        "--redshift-host", "wg.example"], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode != 0
    assert "POST /api/session answered 401" in r.stderr
    assert "Traceback" not in r.stderr
