#!/usr/bin/env bash
# The gateway benchmark (docs/benchmarks.md "Gateway"): the entity page query (entity + owner + system + relations with
# their targets + docs + scorecards + integrations) at 16 concurrent clients, and the downstream HTTP calls per query.
#
#   benchmarks/run-gateway-benchmark.sh                       # 100,000 entities, 30 s of load
#   benchmarks/run-gateway-benchmark.sh --entities 20000 --seconds 20 --clients 16
#
# It needs the local stack's infrastructure (./portal up infra) and the catalog/search jars; it starts its own isolated
# catalog-service and search-service (own schema, topic prefix, index prefix — nothing of the running stack is touched),
# runs the gateway in the test JVM, and serves TechDocs and scorecards from the contract stub. The report goes to
# gateway/target/gateway-benchmark.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
ENTITIES=100000 DURATION=30 CLIENTS=16
while [ $# -gt 0 ]; do
  case "$1" in
    --entities) ENTITIES=$2; shift 2 ;;
    --seconds) DURATION=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    *) echo "usage: $0 [--entities N] [--seconds S] [--clients C]" >&2; exit 2 ;;
  esac
done
for s in catalog-service search-service; do
  [ -f "$s/target/quarkus-app/quarkus-run.jar" ] || ./mvnw -B -ntp -q -pl catalog-service,search-service package -DskipTests
done
./mvnw -B -ntp -pl gateway test -Dtest=GatewayBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dgateway.benchmark=true -Dgateway.benchmark.entities="$ENTITIES" -Dgateway.benchmark.seconds="$DURATION" \
  -Dgateway.benchmark.clients="$CLIENTS" -Dportal.gateway.cache-max-entities=200000 "-DargLine=-Xmx1g"
cat gateway/target/gateway-benchmark.md
