#!/usr/bin/env bash
# The search benchmark (docs/benchmarks.md, "Search"): builds the tool, makes sure PostgreSQL, Kafka, OpenSearch,
# Keycloak, the catalog-service and the search-service run, then clears the running catalog's schema, seeds the
# synthetic organisation (100,000 entities by default), publishes synthetic TechDocs sites (50,000 pages by default)
# and, once the search-service has indexed everything, measures
#   (b) query latency: 16 concurrent clients, term queries over both document types, facets and highlights;
#   (a) freshness: catalog commit → entity returned by /api/search/query, while the catalog takes 200 changes/s;
#   (c) full rebuilds of the software-catalog and techdocs indices (POST → alias swapped).
#
#   benchmarks/run-search-benchmark.sh                               # the full run (~25 minutes on an idle 2-core machine)
#   benchmarks/run-search-benchmark.sh --entities 10000 --pages 5000 --duration 20 --freshness 20
#   benchmarks/run-search-benchmark.sh --no-seed --phases freshness  # again on what is loaded, freshness only
#   benchmarks/run-search-benchmark.sh --help                        # every option of the tool
#
# WARNING: it empties the catalog of the local stack (TRUNCATE catalog.entities, relations, entity_parents, outbox,
# stitch_queue), publishes its docs sites to the stack's portal.techdocs.changes topic (they stay there, and in the
# techdocs index, until newer builds of the same entities replace them), changes the description of random entities
# during the freshness scenario, and rebuilds (re-creates and swaps) both search indices.
# It does not rebuild or restart a service that already runs: after changing one, run e.g.
#   ./mvnw -q install -DskipTests -pl search-service -am && ./portal down search && ./portal up search
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

JAR() { ls benchmarks/target/portal-benchmarks-*.jar | grep -v -e sources -e tests | head -1; }
if [[ " $* " != *" --help "* && " $* " != *" -h "* ]]; then
  echo "building the benchmark tool …"
  ./mvnw -B -ntp -q -pl benchmarks -am install -DskipTests
  ./portal up infra catalog search
fi

# The run takes minutes and the reactor may be rebuilt meanwhile (replacing the jar under a running JVM fails with
# NoClassDefFoundError): the tool runs from a private copy.
TOOL=$(mktemp -d /tmp/portal-search-bench-XXXX)
trap 'rm -rf "$TOOL"' EXIT
cp "$(JAR)" "$TOOL/portal-benchmarks.jar"
cp -r benchmarks/target/lib "$TOOL/lib"
# A small client heap and the serial collector: the tool shares the two cores with what it measures.
java -Xms128m -Xmx512m -XX:+UseSerialGC -cp "$TOOL/portal-benchmarks.jar:$TOOL/lib/*" dev.portal.benchmarks.SearchBenchmark \
  --run-dir "$ROOT/.portal/run" --out "$ROOT/benchmarks/target/search-benchmark.md" "$@"
