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

Usage: python moto_launcher.py PORT
"""
from __future__ import annotations

import re
import sys

from moto.emrserverless import models as emr
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


if __name__ == "__main__":
    emr.EMRServerlessBackend.create_application = create_application
    emr.APPLICATION_STATUS = "CREATED"
    print("moto_launcher: EMR Serverless accepts AWS runtime for Apache Spark labels (emr-spark-X.Y.Z) and creates "
          "applications CREATED, as AWS does", flush=True)
    main(["-H", "127.0.0.1", "-p", sys.argv[1]])
