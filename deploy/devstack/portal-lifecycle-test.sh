#!/usr/bin/env bash
# Tests of the portal script's own promises, on a throwaway stack (own state folder, own ports), so a running
# stack is never touched:
#   - a port already in use stops `up` with a message naming the port and its variable, and nothing is started;
#   - `up <service>` starts what the service needs first (`up catalog` needs Kafka), and an unknown name is an error;
#   - a needed component already answering on its port (a Keycloak two installations share) is used, not started;
#   - `kill -9` of one component and `up` again restarts that component only;
#   - `down <component>` stops that one only; `down` leaves no process of ours and no port of ours bound.
# Uses PostgreSQL and Kafka (the quickest components); the same code paths serve all nine.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export PORTAL_STATE_DIR
PORTAL_STATE_DIR=$(mktemp -d /tmp/portal-lifecycle-XXXXXX)
chmod 755 "$PORTAL_STATE_DIR"
export PORTAL_PG_PORT=${LIFECYCLE_PG_PORT:-56432}
export PORTAL_KAFKA_PORT=${LIFECYCLE_KAFKA_PORT:-60092}
export PORTAL_KAFKA_CONTROLLER_PORT=${LIFECYCLE_KAFKA_CONTROLLER_PORT:-60093}
export PORTAL_KEYCLOAK_PORT=${LIFECYCLE_KEYCLOAK_PORT:-60180}
export PORTAL_KEYCLOAK_MANAGEMENT_PORT=${LIFECYCLE_KEYCLOAK_MANAGEMENT_PORT:-60190}
export PORTAL_CATALOG_PORT=${LIFECYCLE_CATALOG_PORT:-60181}

failures=0
pass() { printf '  ok    %s\n' "$1"; }
fail() { printf '  FAIL  %s\n' "$1"; failures=$((failures + 1)); }
portal() { "$ROOT/portal" "$@"; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pid_of() { cat "$PORTAL_STATE_DIR/run/$1.pid" 2>/dev/null; }
our_processes() { grep -lsF "PORTAL_COMPONENT=" /proc/[0-9]*/environ 2>/dev/null | while read -r f; do
  tr '\0' '\n' < "$f" 2>/dev/null | grep -qF "@$PORTAL_STATE_DIR" && echo "${f#/proc/}"; done | cut -d/ -f1; }

cleanup() {
  portal down >/dev/null 2>&1
  [ -n "${blocker:-}" ] && kill "$blocker" 2>/dev/null
  [ -n "${issuer:-}" ] && kill "$issuer" 2>/dev/null
  rm -rf "$PORTAL_STATE_DIR" "/var/tmp/portal-postgres-$(printf '%s' "$PORTAL_STATE_DIR" | md5sum | cut -c1-12)"
}
trap cleanup EXIT

echo "portal lifecycle tests (state: $PORTAL_STATE_DIR)"

# 1. A port in use: `up` names the port and its variable, and starts nothing at all.
python3 -c "import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', $PORTAL_KAFKA_PORT)); s.listen(); time.sleep(600)" &
blocker=$!
for _ in $(seq 1 50); do listening "$PORTAL_KAFKA_PORT" && break; sleep 0.1; done
output=$(portal up postgres kafka 2>&1); status=$?
if [ $status -ne 0 ] && grep -q "port $PORTAL_KAFKA_PORT" <<<"$output" && grep -q PORTAL_KAFKA_PORT <<<"$output"; then
  pass "a port in use stops up with the port and PORTAL_KAFKA_PORT named"
else
  fail "a port in use should stop up naming port and variable (exit $status): $output"
fi
if ! listening "$PORTAL_PG_PORT" && [ -z "$(our_processes)" ]; then
  pass "nothing was started when a port was taken"
else
  fail "something was started although a port was taken: $(our_processes)"
fi
output=$(portal up catalog 2>&1); status=$?
if [ $status -ne 0 ] && grep -q "port $PORTAL_KAFKA_PORT" <<<"$output" && grep -q PORTAL_KAFKA_PORT <<<"$output" \
    && [ -z "$(our_processes)" ]; then
  pass "up catalog checks the ports of what it needs (Kafka's was taken), starting nothing"
else
  fail "up catalog should need Kafka and stop on its taken port (exit $status): $output"
fi
kill "$blocker"; wait "$blocker" 2>/dev/null; blocker=
output=$(portal up catalgo 2>&1); status=$?
if [ $status -ne 0 ] && grep -q "unknown component 'catalgo'" <<<"$output" && [ -z "$(our_processes)" ]; then
  pass "an unknown component stops up with its name"
else
  fail "an unknown component should stop up (exit $status): $output"
fi

# 1b. What a service needs and already answers on its port is used as it is (the e2e tests' second installation shares
#     the stack's Keycloak); a port that is taken but does not answer stops up as before.
python3 - "$PORTAL_KEYCLOAK_PORT" <<'PY' &
import http.server, sys
class Issuer(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        found = self.path == "/realms/portal/.well-known/openid-configuration"
        self.send_response(200 if found else 404); self.end_headers()
        if found: self.wfile.write(b'{"issuer":"http://127.0.0.1/realms/portal"}')
    def log_message(self, *args): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Issuer).serve_forever()
PY
issuer=$!
python3 -c "import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', $PORTAL_CATALOG_PORT)); s.listen(); time.sleep(600)" &
blocker=$!
for _ in $(seq 1 50); do listening "$PORTAL_KEYCLOAK_PORT" && listening "$PORTAL_CATALOG_PORT" && break; sleep 0.1; done
output=$(portal up catalog 2>&1); status=$?
if [ $status -ne 0 ] && grep -q PORTAL_CATALOG_PORT <<<"$output" && ! grep -q PORTAL_KEYCLOAK_PORT <<<"$output" \
    && [ -z "$(our_processes)" ]; then
  pass "a Keycloak already answering on its port is used by up catalog, not refused"
else
  fail "up catalog should use the answering Keycloak and stop on the catalog's taken port (exit $status): $output"
fi
kill "$issuer"; wait "$issuer" 2>/dev/null
python3 -c "import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', $PORTAL_KEYCLOAK_PORT)); s.listen(); time.sleep(600)" &
issuer=$!
for _ in $(seq 1 50); do listening "$PORTAL_KEYCLOAK_PORT" && break; sleep 0.1; done
output=$(portal up catalog 2>&1); status=$?
if [ $status -ne 0 ] && grep -q PORTAL_KEYCLOAK_PORT <<<"$output" && [ -z "$(our_processes)" ]; then
  pass "a taken Keycloak port that does not answer stops up catalog"
else
  fail "a Keycloak port taken by something else should stop up catalog (exit $status): $output"
fi
kill "$issuer" "$blocker"; wait "$issuer" "$blocker" 2>/dev/null; issuer= blocker=

# 2. kill -9 of one component, then up: only that one is started again.
if portal up postgres kafka >/dev/null; then pass "up starts postgres and kafka"; else fail "up postgres kafka failed"; fi
pg_before=$(pid_of postgres); kafka_before=$(pid_of kafka)
kill -9 -- "-$kafka_before" 2>/dev/null || kill -9 "$kafka_before"
for _ in $(seq 1 50); do kill -0 "$kafka_before" 2>/dev/null || break; sleep 0.1; done
output=$(portal up postgres kafka 2>&1) || fail "up after kill -9 failed: $output"
if [ "$(pid_of postgres)" = "$pg_before" ] && grep -q "PostgreSQL *already running" <<<"$output"; then
  pass "postgres was left alone"
else
  fail "postgres should have been left alone: $output"
fi
if [ -n "$(pid_of kafka)" ] && [ "$(pid_of kafka)" != "$kafka_before" ] && listening "$PORTAL_KAFKA_PORT"; then
  pass "kafka was started again after kill -9"
else
  fail "kafka should have been restarted: $output"
fi

# 3. down of one component stops that one only; down stops everything: no process of ours, no port of ours.
portal down kafka >/dev/null
if ! listening "$PORTAL_KAFKA_PORT" && listening "$PORTAL_PG_PORT" && [ -n "$(pid_of postgres)" ]; then
  pass "down kafka stops kafka and leaves postgres running"
else
  fail "down kafka should stop kafka only"
fi
portal down >/dev/null
sleep 1
if [ -z "$(our_processes)" ]; then pass "down leaves no process of ours"; else fail "processes left after down: $(our_processes)"; fi
if ! listening "$PORTAL_PG_PORT" && ! listening "$PORTAL_KAFKA_PORT" && ! listening "$PORTAL_KAFKA_CONTROLLER_PORT"; then
  pass "down leaves no port of ours bound"
else
  fail "a port is still bound after down"
fi

if [ $failures -eq 0 ]; then echo "portal lifecycle tests passed"; else echo "portal lifecycle tests: $failures failed"; fi
[ $failures -eq 0 ]
