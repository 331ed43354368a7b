"""Starts moto's server (the AWS emulator of the apply rehearsal) on 127.0.0.1 with four corrections toward AWS's
documented behaviour, printed at start. Nothing else is changed.

1. moto 5.2.5 checks EMR Serverless release labels against the old scheme only (emr-<major>.<minor>.0, e.g. emr-7.5.0)
and rejects AWS's current "AWS runtime for Apache Spark" labels (emr-spark-8.0.0 = Spark 4.0.2, the one the module
uses; EMR Serverless User Guide, release-version-emr-spark-8.0.0). Here a label of exactly that documented form
(emr-spark-<major>.<minor>.<patch>) passes moto's check; every other label still meets moto's own check, so a
malformed one such as "emr-spark-8.0" is rejected as AWS rejects it.

2. moto creates EMR Serverless applications in state STARTED; AWS creates them CREATED (CreateApplication: CREATING ->
CREATED; an application starts on StartApplication or, with auto-start, on the first job run). The AWS provider waits
for CREATED after create and may delete only CREATED/STOPPED applications, so moto's state blocks apply and destroy.

3. moto evaluates bucket policies without request context, treats the Bool operator as always matching, and returns
Deny for any statement whose condition fails: the buckets' "DenyInsecureTransport" statement (Deny s3:* when
aws:SecureTransport is false) denied every object request, over TLS too. Here a statement whose only condition is
Bool aws:SecureTransport = false is left out of the evaluation, because this server speaks only TLS; every other
statement is evaluated by moto as before.

4. moto crashes (AttributeError: 'FakeDeleteMarker' object has no attribute 'dispose', HTTP 500) when DeleteObjects
removes a delete marker, which is how the provider empties a versioned bucket on destroy (force_destroy): a delete
marker holds no data, so disposing of it is a no-op here.

The server runs HTTPS (a self-signed certificate moto generates): the module's buckets deny requests without TLS
(aws:SecureTransport), and moto enforces bucket policies, as S3 does.

Usage: python moto_launcher.py PORT
"""
from __future__ import annotations

import json
import re
import sys

from moto.emrserverless import models as emr
from moto.s3 import models as s3
from moto.server import main

AWS_RUNTIME_FOR_SPARK = re.compile(r"emr-spark-[0-9]+\.[0-9]+\.[0-9]+")
MOTO_ACCEPTED_LABEL = "emr-7.0.0"  # any label of moto's scheme; replaced by the real one right after the check

_create_application = emr.EMRServerlessBackend.create_application


def create_application(self, name, release_label, *args, **kwargs):
    if not AWS_RUNTIME_FOR_SPARK.fullmatch(release_label):
        return _create_application(self, name, release_label, *args, **kwargs)
    application = _create_application(self, name, MOTO_ACCEPTED_LABEL, *args, **kwargs)
    application.release_label = release_label
    return application


def applies_over_tls(statement: dict) -> bool:
    """False for a statement whose only condition is Bool aws:SecureTransport = false (it never applies over TLS)."""
    values = statement.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport")
    if values is None or len(statement["Condition"]) != 1 or len(statement["Condition"]["Bool"]) != 1:
        return True
    values = values if isinstance(values, list) else [values]
    return "true" in [str(v).lower() for v in values]


def bucket_permission(self, action, resource):
    from moto.iam.access_control import IAMPolicy, PermissionResult

    if self.policy is None:
        return PermissionResult.NEUTRAL
    policy = json.loads(self.policy)
    statements = policy["Statement"] if isinstance(policy["Statement"], list) else [policy["Statement"]]
    policy["Statement"] = [st for st in statements if applies_over_tls(st)]
    return IAMPolicy(json.dumps(policy)).is_action_permitted(action, resource)


if __name__ == "__main__":
    emr.EMRServerlessBackend.create_application = create_application
    emr.APPLICATION_STATUS = "CREATED"
    s3.FakeBucket.get_permission = bucket_permission
    if not hasattr(s3.FakeDeleteMarker, "dispose"):
        s3.FakeDeleteMarker.dispose = lambda self, garbage=False: None
    print("moto_launcher: EMR Serverless accepts AWS runtime for Apache Spark labels (emr-spark-X.Y.Z) and creates "
          "applications CREATED; TLS-only bucket policy statements hold over HTTPS; delete markers can be deleted", flush=True)
    main(["-H", "127.0.0.1", "-p", sys.argv[1], "--ssl"])
