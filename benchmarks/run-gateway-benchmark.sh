#!/usr/bin/env bash
# The gateway benchmark (docs/benchmarks.md "Gateway"): the entity page query (entity + owner + system + relations with
# their targets + docs + scorecards + integrations) at 16 concurrent clients, the downstream HTTP calls per query, and
# the CPU per query and RSS of each service.
#
#   benchmarks/run-gateway-benchmark.sh                       # 100,000 entities, 30 s of load
#   benchmarks/run-gateway-benchmark.sh --entities 20000 --seconds 20 --clients 16
#   benchmarks/run-gateway-benchmark.sh --entities 20000 --seconds 20 --jfr /tmp/g.jfr   # + a JFR profile of the gateway
#
# It needs the local stack's infrastructure (./portal up infra) and the five services' jars (built here when missing).
# It starts its own isolated catalog, search, TechDocs, scorecard and gateway processes (dev.portal.devstack.PortalServices:
# own schemas, topic prefix, index prefix — nothing of the running stack is touched); the load comes from the test JVM,
# so the gateway's CPU and RSS are its own. The report goes to gateway/target/gateway-benchmark.md, the services' logs to
# gateway/target/gateway-benchmark-logs/.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
ENTITIES=100000 DURATION=30 CLIENTS=16 JFR="" HEAP=192m
while [ $# -gt 0 ]; do
  case "$1" in
    --entities) ENTITIES=$2; shift 2 ;;
    --seconds) DURATION=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --gateway-heap) HEAP=$2; shift 2 ;;
    --jfr) JFR=$(realpath -m "$2"); shift 2 ;;
    *) echo "usage: $0 [--entities N] [--seconds S] [--clients C] [--gateway-heap 192m] [--jfr FILE]" >&2; exit 2 ;;
  esac
done
SERVICES=catalog-service,search-service,techdocs-service,scorecard-service,gateway
for s in ${SERVICES//,/ }; do
  [ -f "$s/target/quarkus-app/quarkus-run.jar" ] || { ./mvnw -B -ntp -q -pl "$SERVICES" package -DskipTests; break; }
done
./mvnw -B -ntp -pl gateway test -Dtest=GatewayBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dgateway.benchmark=true -Dgateway.benchmark.entities="$ENTITIES" -Dgateway.benchmark.seconds="$DURATION" \
  -Dgateway.benchmark.clients="$CLIENTS" -Dgateway.benchmark.heap="$HEAP" -Dgateway.benchmark.jfr="$JFR"
cat gateway/target/gateway-benchmark.md
