#!/usr/bin/env bash
# The catalog benchmark (docs/benchmarks.md): builds the tool, makes sure PostgreSQL, Kafka, OpenSearch, Keycloak and
# the catalog-service run, then clears the running catalog's schema, seeds a synthetic organisation (100,000
# entities by default) and measures the read API with 16 concurrent clients.
#
#   benchmarks/run-catalog-benchmark.sh                      # the full run, ~6 minutes on 2 cores
#   benchmarks/run-catalog-benchmark.sh --entities 10000 --duration 10
#   benchmarks/run-catalog-benchmark.sh --help               # every option of the tool
#
# WARNING: it empties the catalog of the local stack (TRUNCATE catalog.entities, relations, entity_parents).
# It does not rebuild or restart a catalog-service that already runs: after changing the service, run
#   ./mvnw -q install -DskipTests -pl catalog-service -am && ./portal down catalog && ./portal up catalog
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

if [[ " $* " != *" --help "* && " $* " != *" -h "* ]]; then
  echo "building the benchmark tool …"
  ./mvnw -B -ntp -q -pl benchmarks -am install -DskipTests
  ./portal up infra catalog
fi

JAR=$(ls benchmarks/target/portal-benchmarks-*.jar | grep -v -e sources -e tests | head -1)
# A small client heap and the serial collector: the tool shares the two cores with the service it measures.
exec java -Xms256m -Xmx768m -XX:+UseSerialGC -jar "$JAR" --pid-file "$ROOT/.portal/run/catalog.pid" \
  --out "$ROOT/benchmarks/target/catalog-benchmark.md" "$@"
