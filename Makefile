# Each target is a one-line alias for a documented command; `make help` lists them.
MVN ?= ./mvnw -B -ntp
.DEFAULT_GOAL := help
# `make test` also runs the streaming job on Spark 4.0.2 (EMR): its own tests only (the modules it needs ran already),
# without ProducerEndToEndIT (~2 min; the column parity it checks is also pinned on 4.0.2 by the parser unit tests),
# and IcebergGuaranteesIT, the tests behind docs/streaming.md's Iceberg decision (Iceberg's Spark runtime is 4.0's).
SPARK40_TESTS = -Dtest='io/ghactivity/stream/**/*Test' \
  -Dit.test='io/ghactivity/stream/**/*IT,!**/ProducerEndToEndIT,io/ghactivity/bench/iceberg/*IT' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false

.PHONY: help build build-emr demo test test-unit test-airflow test-infra chaos bench bench-stream bench-stream-commands bench-iceberg bench-demo clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: ## compile every module and copy its runtime classpath (bin/gh-activity needs this)
	$(MVN) -q package -DskipTests

build-emr: ## the streaming job (and its benchmark) on Spark 4.0.2 (EMR Serverless emr-spark-8.0.0): its classpath, and the jars to upload → streaming-job/target/emr/
	$(MVN) -q -pl streaming-job,bench/stream-bench -am -Pspark-4.0 package -DskipTests
	scripts/emr-jars.sh

demo: build ## run the whole pipeline locally end to end: synthetic June 2022 (scale 0.001) → dashboard on :8080
	bin/gh-activity demo

test: ## install what the tests need (idempotent), then run every unit and integration test
	scripts/ensure-test-deps.sh
	$(MVN) verify
	$(MVN) -pl streaming-job,bench/iceberg-bench -am -Pspark-4.0 verify $(SPARK40_TESTS)
	scripts/emr-jars.sh
	scripts/test-airflow.sh
	scripts/check-infra.sh

CHAOS_TRIALS ?= 20
chaos: ## chaos suite: CHAOS_TRIALS (20) demo runs, each kill -9 of a random part, warehouse checked exact; SEED=s[,s…] replays
	$(MVN) -pl broker,producer,streaming-job,demo -am verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dit.test=ChaosIT -Dfailsafe.failIfNoSpecifiedTests=false -Dchaos.trials=$(CHAOS_TRIALS) $(if $(SEED),-Dchaos.seed=$(SEED))

test-unit: ## fast unit tests only (no broker, Spark, S3 or browser)
	$(MVN) test

test-airflow: ## Airflow DAG tests alone, with real Airflow 2.11 in airflow/.venv (created if needed)
	scripts/test-airflow.sh

test-infra: ## terraform/ and docker/ checks, offline (hcl conventions, terraform validate + mocked test, hadolint)
	scripts/check-infra.sh

bench: build ## producer benchmark: generated 2022-sized hours vs Kafka's ProducerPerformance, same broker
	bin/gh-activity bench-producer

bench-demo: build ## the demo's wall time and peak memory of the whole stack (all processes)
	scripts/bench-demo.sh

bench-stream: build ## streaming job vs a plain Spark JSON → Parquet batch job on the same generated events
	bin/gh-activity bench-stream

bench-stream-commands: build ## the same comparison as whole commands, start to exit (gh-activity stream vs bench-stream-baseline)
	scripts/bench-stream-commands.sh

bench-iceberg: ## Spark 4.0.2: the job's file sink vs an Iceberg 1.10.1 append per micro-batch (docs/streaming.md)
	$(MVN) -q -pl bench/iceberg-bench -am -Pspark-4.0 package -DskipTests
	GH_ACTIVITY_SPARK=4.0 bin/gh-activity bench-iceberg

clean: ## remove build output
	$(MVN) -q clean
