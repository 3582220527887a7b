#!/usr/bin/env bash
# The TechDocs benchmark (docs/benchmarks.md, "TechDocs"): generates a docs set of 1,000 Markdown pages (nav in 10
# sections; tables, code, admonitions, task lists, footnotes, cross-page links), then, in techdocs-service itself
# against the local stack's PostgreSQL, Kafka and Keycloak (the test resource gives it its own schema and topics):
#   1. build time — the builder alone (best of 3) and event → fetched, built, stored, served;
#   2. change to served — one page edited, POST /sync, until the new text is served (3 runs);
# then, from a separate JVM against the stack's own techdocs-service process (./portal up catalog techdocs):
#   3. serving one page of the demo docs — 16 concurrent clients for 20 s with a bearer token: p50/p95/p99.
# The reports are printed and written to techdocs-service/target/techdocs-benchmark.md and
# benchmarks/target/techdocs-serving-benchmark.md.
#
#   benchmarks/run-techdocs-benchmark.sh                         # 1,000 pages, 16 clients, 20 s
#   benchmarks/run-techdocs-benchmark.sh --pages 200 --clients 8 --seconds 10
#
# It never touches the running stack's techdocs schema or topics (a throwaway schema and topic prefix, dropped after).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

pages=1000 clients=16 seconds=20
while [ $# -gt 0 ]; do
  case $1 in
    --pages) pages=$2; shift ;;
    --clients) clients=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

./portal up infra
./mvnw -B -ntp -o -q -pl techdocs-service test -Dtest=TechDocsBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtechdocs.bench.pages="$pages" -DargLine="-Dtechdocs.bench.pages=$pages"
cat techdocs-service/target/techdocs-benchmark.md

# Serving, with the load generator outside the service's JVM (it shared the service's cores and heap before).
./mvnw -B -ntp -o -q -pl benchmarks package -DskipTests
./portal up catalog techdocs
JAR=$(ls benchmarks/target/portal-benchmarks-*.jar | grep -v -e sources -e tests | head -1)
java -Xms64m -Xmx256m -XX:+UseSerialGC -cp "$JAR" dev.portal.benchmarks.TechDocsServingBenchmark \
  --clients "$clients" --seconds "$seconds" --pid-file "$ROOT/.portal/run/techdocs.pid" \
  --out "$ROOT/benchmarks/target/techdocs-serving-benchmark.md"
