#!/usr/bin/env bash
# ./portal bench — every benchmark of docs/benchmarks.md against the local stack, one after the other, then one table
# of the headline figures beside their targets, printed and written to docs/benchmarks.md (with the date, the machine
# and the commit), and the RSS of each service a benchmark ran, at its end.
#
#   ./portal bench                  the sizes the issues name (100,000 entities, 50,000 pages…): about 1.5 hours
#   ./portal bench --quick          small sizes, a smoke run of every benchmark (about 15 minutes); the targets are
#                                   for the full sizes, so its table shows them without a verdict
#   ./portal bench --only catalog,techdocs   some of: catalog ingest search techdocs scorecards gateway (the other
#                                   benchmarks' rows of the mode's last table are kept, marked with their run)
#   ./portal bench --no-build       measure what is built and running (no build, no restart of the services)
#
# It first builds the checked-out code and restarts the services on it (so the figures belong to the commit). Each
# benchmark runs with only the stack's services it measures: the others are stopped meanwhile, so none of them consumes
# its events or takes its cores. At the end the whole stack is started again.
# WARNING: like the catalog, ingest and search benchmarks it runs, it replaces the local catalog's content with
# synthetic entities (the demo location comes back on the next restart of the catalog-service).
# Each benchmark's full log and report: benchmarks/target/bench/<name>.log. Run it on an otherwise idle machine:
# the benchmarks share the cores with what they measure.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
ALL=(catalog ingest search techdocs scorecards gateway)
SERVICES=(catalog search techdocs scorecard gateway)
MODE=full
ONLY=()
BUILD=1

# The stack's services a benchmark measures (the scorecard and gateway benchmarks start processes of their own).
services_of() {
  case $1 in
    catalog|ingest) echo catalog ;;
    search) echo catalog search ;;
    techdocs) echo catalog techdocs ;;
    scorecards|gateway) echo ;;
  esac
}

usage() { sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case $1 in
    --quick) MODE=quick ;;
    --no-build) BUILD=0 ;;
    --only) [ $# -ge 2 ] || { echo "--only needs a list, e.g. --only catalog,search" >&2; exit 2; }
            IFS=, read -r -a ONLY <<< "$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option '$1' (--quick, --only LIST, --no-build, --help)" >&2; exit 2 ;;
  esac
  shift
done
[ ${#ONLY[@]} -gt 0 ] || ONLY=("${ALL[@]}")
for b in "${ONLY[@]}"; do
  [[ " ${ALL[*]} " == *" $b "* ]] || { echo "unknown benchmark '$b' (${ALL[*]})" >&2; exit 2; }
done

# The arguments of each benchmark's script, per mode.
args_of() { # benchmark
  if [ $MODE = full ]; then
    case $1 in
      catalog) echo "--entities 100000 --warmup 15" ;;
      ingest) echo "--entities 100000" ;;
      search) echo "--entities 100000 --pages 50000" ;;
      techdocs) echo "--pages 1000 --clients 16 --seconds 20" ;;
      scorecards) echo "--entities 100000" ;;
      gateway) echo "--entities 100000 --seconds 30 --clients 16" ;;
    esac
  else
    case $1 in
      catalog) echo "--entities 5000 --warmup 2 --duration 5" ;;
      ingest) echo "--entities 5000 --files 1,50 --no-refresh-cost" ;;
      search) echo "--entities 5000 --pages 2000 --warmup 2 --duration 5 --freshness 10" ;;
      techdocs) echo "--pages 100 --clients 16 --seconds 5" ;;
      scorecards) echo "--entities 5000 --duration 10" ;;
      gateway) echo "--entities 5000 --seconds 5 --clients 16" ;;
    esac
  fi
}

script_of() {
  case $1 in
    scorecards) echo benchmarks/run-scorecard-benchmark.sh ;;
    *) echo "benchmarks/run-$1-benchmark.sh" ;;
  esac
}

say() { printf '%s\n' "$*"; }
service_name() { [ "$1" = gateway ] && echo gateway || echo "$1-service"; }
elapsed() { local s=$(( $(date +%s) - $1 )); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

LOGS=$ROOT/benchmarks/target/bench
mkdir -p "$LOGS"
RESULTS=$LOGS/results.tsv
: > "$RESULTS"
# The mode's last table, as docs/benchmarks.md records it (on whichever machine it ran), every row with the run it came
# from (a sixth column): an --only run keeps the other benchmarks' rows from there, so the table stays whole.
KEPT=$LOGS/results-$MODE.tsv
awk -v mode="$MODE" -v OFS='\t' '
  $0 == "<!-- portal bench " mode ": begin -->" { inside = 1; next }
  $0 == "<!-- portal bench " mode ": end -->" { inside = 0 }
  !inside { next }
  /^Run / { # "Run <date> UTC, mode …, commit <commit>; machine: …": the run of rows without a run column
    date = substr($0, 5, index($0, ", mode") - 5)
    commit = substr($0, index($0, ", commit ") + 9); commit = substr(commit, 1, index(commit, "; machine") - 1)
    run = date ", commit " commit }
  /^\| / && !/^\| benchmark \|/ && !/^\|---/ {
    line = substr($0, 3, length($0) - 4); n = split(line, cell, / \| /)
    print cell[1], cell[2], cell[3], cell[4], cell[5], (n >= 6 ? cell[6] : run) }
' docs/benchmarks.md > "$KEPT"
: > "$LOGS/setup.log"
export PORTAL_BENCH_RESULTS=$RESULTS

START=$(date +%s)
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then COMMIT="$COMMIT + uncommitted changes"; fi

say "portal bench ($MODE): ${ONLY[*]} — commit $COMMIT"
if [ $BUILD = 1 ]; then
  say "[setup] building the checked-out code and restarting the services on it…"
  ./portal build >> "$LOGS/setup.log" 2>&1 || { say "the build failed; see $LOGS/setup.log"; exit 1; }
  ./portal down "${SERVICES[@]}" >> "$LOGS/setup.log" 2>&1
else
  say "[setup] --no-build: measuring the services as built"
  COMMIT="$COMMIT (not rebuilt: --no-build)"
fi
./portal up infra 2>&1 | tee -a "$LOGS/setup.log" | sed -u 's/^/        /' \
  || { say "./portal up infra failed; see $LOGS/setup.log"; exit 1; }
say "[setup] done in $(elapsed "$START")"

# One row of the table per service a benchmark ran: its memory now and at its peak since it started.
record_rss() { # benchmark service…
  local b=$1 s pid rss hwm met
  shift
  for s in "$@"; do
    pid=$(cat ".portal/run/$s.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && [ -r "/proc/$pid/status" ]; then
      rss=$(awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
      hwm=$(awk '/^VmHWM:/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
      met=$([ $(( hwm * 1048576 )) -le $(( 350 * 1000000 )) ] && echo yes || echo NO)
      printf '%s\t%s\t%s\t%s\t%s\n' "rss" "$(service_name "$s") RSS after the $b benchmark (peak since start)" \
        "$rss MiB ($hwm MiB)" "≤ 350 MB" "$met" >> "$RESULTS"
    fi
  done
}

i=0
failed=0
for b in "${ONLY[@]}"; do
  i=$((i + 1))
  t0=$(date +%s)
  script=$(script_of "$b")
  read -r -a needed <<< "$(services_of "$b")"
  stopping=()
  for s in "${SERVICES[@]}"; do [[ " ${needed[*]-} " == *" $s "* ]] || stopping+=("$s"); done
  ./portal down "${stopping[@]}" >> "$LOGS/setup.log" 2>&1
  if [ ${#needed[@]} -gt 0 ]; then
    ./portal up infra "${needed[@]}" >> "$LOGS/setup.log" 2>&1 || { say "./portal up ${needed[*]} failed; see $LOGS/setup.log"; exit 1; }
  fi
  # shellcheck disable=SC2046 # the arguments are words by design
  say "[$i/${#ONLY[@]}] $b: $script $(args_of "$b") (log: benchmarks/target/bench/$b.log)"
  set +e
  # shellcheck disable=SC2046
  "$script" $(args_of "$b") > "$LOGS/$b.log" 2>&1 &
  pid=$!
  # progress: the benchmark's last line every 30 s
  while kill -0 "$pid" 2>/dev/null; do
    sleep 30
    kill -0 "$pid" 2>/dev/null && say "      $(elapsed "$t0")  $(tail -n 1 "$LOGS/$b.log" | cut -c1-110)"
  done
  wait "$pid"
  status=$?
  set -e
  if [ $status -eq 0 ]; then
    say "      done in $(elapsed "$t0")"
    # the ingest benchmark restarts the catalog-service at its end (its report has the peak RSS of the ingest)
    [ "$b" = ingest ] || record_rss "$b" "${needed[@]+"${needed[@]}"}"
  else
    failed=$((failed + 1))
    say "      FAILED (exit $status) after $(elapsed "$t0"); the end of its log:"
    tail -n 15 "$LOGS/$b.log" | sed 's/^/        /'
    printf '%s\t%s\t%s\t%s\t%s\n' "$b" "the benchmark ran" "FAILED (exit $status)" "—" "NO" >> "$RESULTS"
  fi
done

say "[end] starting the whole stack again (./portal up)"
./portal up >> "$LOGS/setup.log" 2>&1 || say "./portal up failed; see $LOGS/setup.log"

RUN="$(date -u '+%Y-%m-%d %H:%M UTC'), commit $COMMIT"
awk -F'\t' -v OFS='\t' -v run="$RUN" '{ print $1, $2, $3, $4, $5, run }' "$RESULTS" > "$LOGS/this-run.tsv"
: > "$LOGS/merged.tsv"
for b in "${ALL[@]}"; do # a benchmark's rows: its own and the RSS rows "after the <b> benchmark"
  if [[ " ${ONLY[*]} " == *" $b "* ]]; then source=$LOGS/this-run.tsv; else source=$KEPT; fi
  [ -f "$source" ] && awk -F'\t' -v b="$b" '$1 == b || ($1 == "rss" && index($2, "after the " b " benchmark"))' \
    "$source" >> "$LOGS/merged.tsv"
done
mv "$LOGS/merged.tsv" "$KEPT"
OTHER_RUNS=$(awk -F'\t' -v run="$RUN" '$6 != run && !seen[$6]++ { printf "%s%s", (n++ ? "; " : ""), $6 }' "$KEPT")

CORES=$(nproc)
MEMORY=$(awk '/^MemTotal:/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
CPU=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
TABLE=$LOGS/table.md
{
  say "Run $(date -u '+%Y-%m-%d %H:%M UTC'), mode $MODE ($(elapsed "$START")), commit $COMMIT; machine: $CORES cores" \
      "(${CPU:-unknown CPU}), $MEMORY RAM; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
  [ $MODE = quick ] && say "Quick mode: reduced sizes, so the targets (set for the full sizes) are shown for reference only."
  [ -z "$OTHER_RUNS" ] || say "This run measured ${ONLY[*]}; the other rows are from earlier runs ($OTHER_RUNS), the last column says which."
  say ""
  if [ -z "$OTHER_RUNS" ]; then
    say "| benchmark | figure | measured | target | met |"
    say "|---|---|---|---|---|"
  else
    say "| benchmark | figure | measured | target | met | run |"
    say "|---|---|---|---|---|---|"
  fi
  # a quick run's sizes are not the targets' sizes: no verdict then, except on memory
  awk -F'\t' -v quick=$([ $MODE = quick ] && echo 1 || echo 0) -v runs=$([ -z "$OTHER_RUNS" ] && echo 0 || echo 1) \
    '{printf "| %s | %s | %s | %s | %s |%s\n", $1, $2, $3, $4, (quick && $1 != "rss") ? "—" : $5, runs ? " " $6 " |" : ""}' "$KEPT"
} > "$TABLE"

say ""
cat "$TABLE"

# docs/benchmarks.md keeps the latest run of each mode between its markers.
DOC=$ROOT/docs/benchmarks.md
BEGIN="<!-- portal bench $MODE: begin -->"
END="<!-- portal bench $MODE: end -->"
SECTION=$LOGS/section.md
{
  say "$BEGIN"
  say "### Latest \`./portal bench$([ $MODE = quick ] && echo ' --quick')\`"
  say ""
  cat "$TABLE"
  say "$END"
} > "$SECTION"
if grep -qF "$BEGIN" "$DOC"; then
  awk -v begin="$BEGIN" -v end="$END" -v section="$SECTION" '
    $0 == begin { while ((getline line < section) > 0) print line; skipping = 1; next }
    $0 == end { skipping = 0; next }
    !skipping { print }' "$DOC" > "$DOC.new" && mv "$DOC.new" "$DOC"
else
  # after the document's introduction (before its first "## " section)
  awk -v section="$SECTION" '
    /^## / && !done { while ((getline line < section) > 0) print line; print ""; done = 1 }
    { print }' "$DOC" > "$DOC.new" && mv "$DOC.new" "$DOC"
fi
say ""
say "written to docs/benchmarks.md ($MODE run); logs in benchmarks/target/bench/"
[ $failed -eq 0 ]
