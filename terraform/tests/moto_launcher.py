"""Starts moto's server (the AWS emulator of the apply rehearsal) on 127.0.0.1 with two corrections toward AWS's
documented behaviour, printed at start. Nothing else is changed.

1. moto 5.2.5 checks EMR Serverless release labels against the old scheme only (emr-<major>.<minor>.0, e.g. emr-7.5.0)
and rejects AWS's current "AWS runtime for Apache Spark" labels (emr-spark-8.0.0 = Spark 4.0.2, the one the module
uses; EMR Serverless User Guide, release-version-emr-spark-8.0.0). Here a label of exactly that documented form
(emr-spark-<major>.<minor>.<patch>) passes moto's check; every other label still meets moto's own check, so a
malformed one such as "emr-spark-8.0" is rejected as AWS rejects it.

2. moto creates EMR Serverless applications in state STARTED; AWS creates them CREATED (CreateApplication: CREATING ->
CREATED; an application starts on StartApplication or, with auto-start, on the first job run). The AWS provider waits
for CREATED after create and may delete only CREATED/STOPPED applications, so moto's state blocks apply and destroy.

3. moto treats a condition operator it does not implement as matching, and Bool is one of them; bucket policies are
evaluated without any request context. So the buckets' "DenyInsecureTransport" statement (Deny s3:* when
aws:SecureTransport is false) denied every object request, over TLS too. Here Bool compares as IAM documents it, and
bucket policies see aws:SecureTransport = true: this server speaks only TLS.

The server runs HTTPS (a self-signed certificate moto generates): the module's buckets deny requests without TLS
(aws:SecureTransport), and moto enforces bucket policies, as S3 does.

Usage: python moto_launcher.py PORT
"""
from __future__ import annotations

import re
import sys

from moto.emrserverless import models as emr
from moto.iam import policy_conditions
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


def bool_condition(expected, actual) -> bool:
    values = expected if isinstance(expected, list) else [expected]
    return str(actual).lower() in [str(v).lower() for v in values]


def bucket_permission(self, action, resource):
    from moto.iam.access_control import IAMPolicy, PermissionResult

    if self.policy is None:
        return PermissionResult.NEUTRAL
    return IAMPolicy(self.policy.decode()).is_action_permitted(
        action, resource, incoming_condition_values={"aws:SecureTransport": "true"})


if __name__ == "__main__":
    emr.EMRServerlessBackend.create_application = create_application
    emr.APPLICATION_STATUS = "CREATED"
    policy_conditions.CONDITION_OPERATIONS["Bool"] = bool_condition
    s3.FakeBucket.get_permission = bucket_permission
    print("moto_launcher: EMR Serverless accepts AWS runtime for Apache Spark labels (emr-spark-X.Y.Z) and creates "
          "applications CREATED; IAM Bool conditions; bucket policies see aws:SecureTransport=true (HTTPS only)", flush=True)
    main(["-H", "127.0.0.1", "-p", sys.argv[1], "--ssl"])
