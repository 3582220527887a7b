#!/usr/bin/env bash
# The ingest benchmark (docs/benchmarks.md, "Ingest from files"): writes the synthetic organisation (100,000
# entities by default) as catalog files under a new /tmp/portal-ingest-bench-* folder and times the running
# catalog-service ingesting them from a registered file location — all in one file, then in 1,000 files — until every
# entity is stored, stitched and its change event published. Then it restarts the catalog-service with a 10 s refresh
# interval, measures the refresh loop over the unchanged 1,000 files, and restarts it with its defaults.
#
#   benchmarks/run-ingest-benchmark.sh                          # the full run
#   benchmarks/run-ingest-benchmark.sh --entities 10000 --files 100 --refresh-window 60
#   benchmarks/run-ingest-benchmark.sh --no-refresh-cost        # ingest only (no catalog-service restart)
#   benchmarks/run-ingest-benchmark.sh --keep                   # leave the files and the ingested catalog in place
#   benchmarks/run-ingest-benchmark.sh --catalog-jvm "-Xmx1g -XX:+UseSerialGC"   # restart the catalog-service with
#                                                               # these JVM options for the run (defaults restored after)
#   benchmarks/run-ingest-benchmark.sh --help                   # every option of the tool
#
# WARNING: it empties the catalog of the local stack (TRUNCATE of the catalog schema, registered locations included)
# and restarts the catalog-service (./portal down catalog / up catalog), which brings back the demo location.
# It does not rebuild the catalog-service: to measure current code, run first
#   ./mvnw -q install -DskipTests -pl catalog-service -am && ./portal down catalog && ./portal up catalog
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

refresh_cost=1 keep=0 window=90 catalog_jvm="" args=()
while [ $# -gt 0 ]; do
  case $1 in
    --no-refresh-cost) refresh_cost=0 ;;
    --keep) keep=1 ;;
    --refresh-window) window=$2; shift ;;
    --catalog-jvm) catalog_jvm=$2; shift ;;
    *) args+=("$1") ;;
  esac
  shift
done

bench() { # the tool, with a small heap and the serial collector: it shares the two cores with what it measures
  java -Xms128m -Xmx512m -XX:+UseSerialGC -cp "$JAR" dev.portal.benchmarks.IngestBenchmark \
    --pid-file "$ROOT/.portal/run/catalog.pid" "$@"
}

if [[ " ${args[*]-} " == *" --help "* || " ${args[*]-} " == *" -h "* ]]; then
  JAR=$(ls benchmarks/target/portal-benchmarks-*.jar | grep -v -e sources -e tests | head -1)
  bench --help
  exit 0
fi

echo "building the benchmark tool …"
./mvnw -B -ntp -q -pl benchmarks -am install -DskipTests
JAR=$(ls benchmarks/target/portal-benchmarks-*.jar | grep -v -e sources -e tests | head -1)
./portal up infra catalog
DIR=$(mktemp -d /tmp/portal-ingest-bench-XXXX)
chmod 755 "$DIR" # the catalog-service reads it
# The one-file layout is 59 MB at 100,000 entities: the run raises the largest file the catalog reads (5 MB by default,
# portal.catalog.reading.max-bytes) to 200 MB.
restart_catalog() { # with the run's JVM options (if any), DIR among its file roots, and the given extra environment
  ./portal down catalog
  local roots=(PORTAL_CATALOG_FILE_ROOTS="$ROOT/deploy/demo,$DIR" PORTAL_CATALOG_READING_MAX_BYTES=200000000)
  if [ -n "$catalog_jvm" ]; then env PORTAL_SERVICE_JVM_OPTIONS="$catalog_jvm" "${roots[@]}" "$@" ./portal up catalog
  else env "${roots[@]}" "$@" ./portal up catalog; fi
}
OUT="$ROOT/benchmarks/target/ingest-benchmark.md"
restarted=0
finish() {
  if [ $keep = 0 ]; then
    bench --clear || true
    rm -rf "$DIR"
  fi
  if [ $restarted = 1 ] || [ $keep = 0 ]; then # the stack's defaults again, and the demo location back
    ./portal down catalog && env -u PORTAL_SERVICE_JVM_OPTIONS -u PORTAL_REFRESH_INTERVAL -u PORTAL_CATALOG_FILE_ROOTS \
      -u PORTAL_CATALOG_READING_MAX_BYTES ./portal up catalog
  fi
}
trap finish EXIT
restarted=1; restart_catalog # the catalog reads file locations only inside its roots: DIR must be one

bench --dir "$DIR" --out "$OUT" "${args[@]+"${args[@]}"}"

if [ $refresh_cost = 1 ]; then
  restarted=1
  restart_catalog PORTAL_REFRESH_INTERVAL=PT10S
  bench --refresh-cost "$window" --out "$OUT" "${args[@]+"${args[@]}"}"
fi
echo "report: $OUT"
