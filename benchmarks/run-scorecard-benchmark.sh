#!/usr/bin/env bash
# The scorecard benchmark (docs/benchmarks.md, "Scorecards"): builds the tool and scorecard-service, makes sure
# PostgreSQL, Kafka and Keycloak run, then starts its OWN scorecard-service (port 18084, schema scorecard_bench, a
# fresh topic prefix — the shared stack's data and topics are not touched; the JVM options of ./portal up, from
# deploy/service-jvm.options, unless --service-jvm gives others), seeds 100,000 scored entities and
#   1. times a full re-evaluation against the starter scorecard (all results new, then nothing changed);
#   2. sends 200 entity changes/s and measures each change's time to its scorecard event.
# It stops the service it started and drops its schema and topics at the end (--keep leaves them).
#
#   benchmarks/run-scorecard-benchmark.sh                            # the full run, ~4 minutes on 2 cores
#   benchmarks/run-scorecard-benchmark.sh --entities 10000 --duration 20
#   benchmarks/run-scorecard-benchmark.sh --service-jvm "-Xmx768m -XX:+UseParallelGC"
#   benchmarks/run-scorecard-benchmark.sh --help
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

if [[ " $* " != *" --help "* && " $* " != *" -h "* ]]; then
  echo "building the benchmark tool and scorecard-service …"
  ./mvnw -B -ntp -q -pl benchmarks,scorecard-service package -DskipTests
  ./portal up postgres kafka keycloak
fi

JAR=$(ls benchmarks/target/portal-benchmarks-*.jar | grep -v -e sources -e tests | head -1)
exec java -Xms256m -Xmx768m -XX:+UseSerialGC -cp "$JAR" dev.portal.benchmarks.ScorecardBenchmark \
  --out "$ROOT/benchmarks/target/scorecard-benchmark.md" "$@"
