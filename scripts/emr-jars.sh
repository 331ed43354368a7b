#!/usr/bin/env bash
# The streaming job for EMR Serverless (emr-spark-8.0.0 = Spark 4.0.2): after `mvn -Pspark-4.0 package`, puts in
# streaming-job/target/emr/ the job's jar and lib/ = exactly the jars of the Spark 4.0.2 classpath the tests ran with
# (streaming-job/target/lib-spark-4.0) that EMR does not bring itself (streaming-job/src/emr/provided-pom.xml: Spark
# and its dependencies, Hadoop's S3A connector). docs/cloud.md uploads that folder as it is.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MVN="${MVN:-$ROOT/mvnw -B -ntp}"
src="$ROOT/streaming-job/target/lib-spark-4.0"
out="$ROOT/streaming-job/target/emr"
if [ ! -d "$src" ]; then
  echo "emr-jars: $src is missing: run '$ROOT/mvnw -pl streaming-job -am -Pspark-4.0 package -DskipTests' first" >&2
  exit 1
fi
provided="$(mktemp)"
trap 'rm -f "$provided"' EXIT
# shellcheck disable=SC2086
$MVN -q -f "$ROOT/streaming-job/src/emr/provided-pom.xml" -Pspark-4.0 dependency:list \
  -DincludeScope=runtime -DoutputAbsoluteArtifactFilename=true -DoutputFile="$provided" >/dev/null
rm -rf "$out" && mkdir -p "$out/lib"
cp "$ROOT/streaming-job/target/streaming-job.jar" "$out/"
# dependency:list lines end with the artifact's file in ~/.m2; copy-dependencies names it the same in lib-spark-4.0.
provided_names="$(grep -o '[^/]*\.jar' "$provided" | sort -u)"
# What EMR brings itself, by file name: the command rehearsal (terraform/tests/test_command_rehearsal.py) runs the job
# on target/emr plus exactly these jars of lib-spark-4.0, so a library missing from target/emr/lib fails there.
echo "$provided_names" > "$ROOT/streaming-job/target/emr-provided.txt"
for jar in "$src"/*.jar; do
  name="$(basename "$jar")"
  if ! grep -qxF "$name" <<<"$provided_names"; then
    cp "$jar" "$out/lib/"
  fi
done
echo "emr-jars: $out/streaming-job.jar + $(find "$out/lib" -name '*.jar' | wc -l) jars in $out/lib (of $(find "$src" -name '*.jar' | wc -l) on the 4.0.2 classpath)"
