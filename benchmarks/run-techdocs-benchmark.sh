#!/usr/bin/env bash
# The TechDocs benchmark (docs/benchmarks.md, "TechDocs"): generates a docs set of 1,000 Markdown pages (nav in 10
# sections; tables, code, admonitions, task lists, footnotes, cross-page links), then, in techdocs-service itself
# against the local stack's PostgreSQL, Kafka and Keycloak (the test resource gives it its own schema and topics):
#   1. build time — the builder alone (best of 3) and event → fetched, built, stored, served;
#   2. serving one page — 16 concurrent clients for 20 s over HTTP with a bearer token: p50/p95/p99;
#   3. change to served — one page edited, POST /sync, until the new text is served (3 runs).
# The report is printed and written to techdocs-service/target/techdocs-benchmark.md.
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
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

./portal up infra
./mvnw -B -ntp -o -q -pl techdocs-service test -Dtest=TechDocsBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtechdocs.bench.pages="$pages" -Dtechdocs.bench.clients="$clients" -Dtechdocs.bench.seconds="$seconds" \
  -DargLine="-Dtechdocs.bench.pages=$pages -Dtechdocs.bench.clients=$clients -Dtechdocs.bench.seconds=$seconds"
cat techdocs-service/target/techdocs-benchmark.md
