"""The S3 calls the rehearsed processes really make, checked against the IAM policies terraform rendered for them.

The IAM table (iam/required-actions.yaml) lists the calls the code makes as read from the code; a call nobody wrote
down (a lease file under a prefix no policy names, a parent-directory probe of the S3A client) is not in it. Here a
recording proxy sits between the rehearsed stream / loader and the stand-in S3, tags each request with the phase
(the component running), and every request becomes the IAM actions S3 authorizes it by — with the bucket's SSE-KMS
default, the KMS actions S3 calls on the caller's behalf too — which the component's rendered role must allow,
conditions (the s3:prefix of a list) included."""
from __future__ import annotations

import http.client
import http.server
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from iam_policy import allowed_by


@dataclass(frozen=True)
class S3Request:
    phase: str
    method: str
    bucket: str
    key: str            # "" for a bucket-level request
    query: dict[str, list[str]]
    copy_source: str    # x-amz-copy-source, "" if none
    delete_keys: tuple[str, ...]  # the keys of a multi-object delete


@dataclass(frozen=True)
class IamCall:
    action: str
    resource: str
    context: dict[str, str]
    request: str        # the request it comes from, for the failure message

    def line(self) -> str:
        return f"{self.action} on {self.resource}{' ' + str(self.context) if self.context else ''} (from {self.request})"


class RecordingS3Proxy:
    """An HTTP proxy on 127.0.0.1 in front of an S3 endpoint (path-style) that records every request with the
    current phase. Requests are forwarded unchanged, Host header included, so their signatures still verify."""

    def __init__(self, upstream: str):
        parts = urlsplit(upstream)
        self._upstream = (parts.hostname, parts.port)
        self.phase = "none"
        self.records: list[S3Request] = []
        self._lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def _body(self) -> bytes:
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    data = b""
                    while True:
                        size = int(self.rfile.readline().split(b";")[0], 16)
                        chunk = self.rfile.read(size)
                        self.rfile.readline()
                        if size == 0:
                            return data
                        data += chunk
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def _forward(self) -> None:
                body = self._body()
                proxy._record(self.command, self.path, self.headers, body)
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("expect", "transfer-encoding", "connection", "content-length")}
                if body or self.command in ("PUT", "POST"):
                    headers["Content-Length"] = str(len(body))
                conn = http.client.HTTPConnection(*proxy._upstream, timeout=120)
                try:
                    conn.request(self.command, self.path, body=body if body else None, headers=headers)
                    resp = conn.getresponse()
                    data = resp.read()
                    self.send_response_only(resp.status, resp.reason)
                    for k, v in resp.getheaders():
                        if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                            self.send_header(k, v)
                    length = resp.getheader("Content-Length") if self.command == "HEAD" else str(len(data))
                    self.send_header("Content-Length", length or "0")
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(data)
                finally:
                    conn.close()

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _forward

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, name="s3-recording-proxy", daemon=True).start()

    def _record(self, method: str, path: str, headers, body: bytes) -> None:
        parts = urlsplit(path)
        bucket, _, key = unquote(parts.path).lstrip("/").partition("/")
        query = parse_qs(parts.query, keep_blank_values=True)
        delete_keys: tuple[str, ...] = ()
        if method == "POST" and "delete" in query:
            root = ET.fromstring(body)
            delete_keys = tuple(k.text or "" for k in root.iter() if k.tag.split("}")[-1] == "Key")
        with self._lock:
            self.records.append(S3Request(self.phase, method, bucket, key, query,
                                          unquote(headers.get("x-amz-copy-source", "")), delete_keys))

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def iam_calls(r: S3Request, data_key_arn: str, kms_buckets: set[str]) -> list[IamCall]:
    """What IAM authorizes the request by (docs: "Actions, resources, and condition keys for Amazon S3")."""
    bucket_arn = f"arn:aws:s3:::{r.bucket}"
    obj = f"{bucket_arn}/{r.key}"
    what = f"{r.method} /{r.bucket}/{r.key}{'?' + '&'.join(sorted(r.query)) if r.query else ''}"
    calls: list[tuple[str, str, dict[str, str]]] = []
    if not r.key:
        if "location" in r.query:
            calls.append(("s3:GetBucketLocation", bucket_arn, {}))
        elif "uploads" in r.query:
            calls.append(("s3:ListBucketMultipartUploads", bucket_arn, {}))
        elif r.method == "POST" and "delete" in r.query:
            calls += [("s3:DeleteObject", f"{bucket_arn}/{k}", {}) for k in r.delete_keys]
        elif r.method in ("GET", "HEAD"):
            calls.append(("s3:ListBucket", bucket_arn, {"s3:prefix": r.query.get("prefix", [""])[0]}))
        else:
            raise AssertionError(f"an S3 bucket request this check does not know: {what}")
    elif "uploadId" in r.query:
        action = {"GET": "s3:ListMultipartUploadParts", "DELETE": "s3:AbortMultipartUpload"}.get(r.method, "s3:PutObject")
        calls.append((action, obj, {}))
    elif r.method in ("GET", "HEAD"):
        calls.append(("s3:GetObject", obj, {}))
    elif r.method in ("PUT", "POST"):
        calls.append(("s3:PutObject", obj, {}))
        if r.copy_source:
            calls.append(("s3:GetObject", "arn:aws:s3:::" + r.copy_source.lstrip("/").split("?")[0], {}))
    elif r.method == "DELETE":
        calls.append(("s3:DeleteObject", obj, {}))
    else:
        raise AssertionError(f"an S3 object request this check does not know: {what}")
    if r.bucket in kms_buckets:  # SSE-KMS by default: S3 asks KMS with the caller's permissions
        via = {"kms:ViaService": "s3.amazonaws.com"}
        if any(a == "s3:PutObject" for a, _, _ in calls):
            calls.append(("kms:GenerateDataKey", data_key_arn, via))
        if any(a == "s3:GetObject" for a, _, _ in calls):
            calls.append(("kms:Decrypt", data_key_arn, via))
    return [IamCall(a, res, ctx, what) for a, res, ctx in calls]


def denied(calls: list[IamCall], policy: dict) -> list[IamCall]:
    return [c for c in calls if not allowed_by(policy, c.action, c.resource, c.context)]


def summary(calls: list[IamCall]) -> str:
    """Distinct actions with how many calls, and the key prefixes (two levels) they touched."""
    by: dict[str, set[str]] = {}
    n: dict[str, int] = {}
    for c in calls:
        n[c.action] = n.get(c.action, 0) + 1
        key = c.resource.split(":::", 1)[-1].partition("/")[2]  # the bucket is the same for all: left out
        prefix = "/".join(key.split("/")[:2]) if c.action.startswith("s3:") else "data key"
        if c.context.get("s3:prefix") is not None:
            prefix = "prefix " + ("/".join(c.context["s3:prefix"].split("/")[:3]) or "(none)")
        by.setdefault(c.action, set()).add(prefix)
    return "; ".join(f"{a} ×{n[a]} ({', '.join(sorted(by[a])[:4])}{', …' if len(by[a]) > 4 else ''})" for a in sorted(n))
