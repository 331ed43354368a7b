# Each target is a one-line alias for a documented command; `make help` lists them.
MVN ?= ./mvnw -B -ntp
.DEFAULT_GOAL := help

.PHONY: help build demo test test-unit test-airflow test-infra bench clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: ## compile every module and copy its runtime classpath (bin/gh-activity needs this)
	$(MVN) -q package -DskipTests

demo: ## run the whole pipeline locally end to end (broker, replay, stream, load, dashboard)
	@echo "make demo: not yet - the demo lands with the dashboard issue. Today: 'make build', then 'bin/gh-activity broker' and 'bin/gh-activity replay --help'."

test: ## install what the tests need (idempotent), then run every unit and integration test
	scripts/ensure-test-deps.sh
	$(MVN) verify
	scripts/test-airflow.sh
	scripts/check-infra.sh

test-unit: ## fast unit tests only (no broker, Spark, S3 or browser)
	$(MVN) test

test-airflow: ## Airflow DAG tests alone, with real Airflow 2.11 in airflow/.venv (created if needed)
	scripts/test-airflow.sh

test-infra: ## terraform/ and docker/ checks, offline (hcl conventions, terraform validate + mocked test, hadolint)
	scripts/check-infra.sh

bench: build ## producer benchmark: generated 2022-sized hours vs Kafka's ProducerPerformance, same broker
	bin/gh-activity bench-producer

clean: ## remove build output
	$(MVN) -q clean
