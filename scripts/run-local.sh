#!/usr/bin/env bash
# Runs the four services on localhost without Docker, against a real PostgreSQL (the embedded
# one the tests use), until Ctrl-C:
#   frontend http://localhost:8080, int 8081, float 8082, combiner 8083, PostgreSQL 5432.
# Data is kept in .local/run-local/postgres across runs. SKIP_BUILD=1 reuses the built jars.
set -euo pipefail

usage() { echo "usage: [SKIP_BUILD=1] [PGPORT=5432] $0" >&2; }
[[ $# -eq 0 ]] || { usage; exit 2; }

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="$ROOT/.local/run-local"
PGPORT="${PGPORT:-5432}"
PIDS=()

log() { echo "==> run-local: $*"; }

build_jars() {
  if [[ "${SKIP_BUILD:-0}" == 1 ]]; then
    log "SKIP_BUILD=1: using the jars already built"
    return
  fi
  log "building the services (mvn package -DskipTests)"
  (cd "$ROOT" && mvn -B -q -ntp package -DskipTests)
}

stop_all() {
  log "stopping"
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}

wait_for() { # name url
  local name=$1 url=$2 i
  for ((i = 0; i < 120; i++)); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then
      log "$name is ready"
      return
    fi
    ((i % 10 == 9)) && log "waiting for $name at $url"
    sleep 0.5
  done
  echo "run-local: $name did not become ready; see $STATE/logs" >&2
  exit 1
}

start_postgres() {
  local classpath
  classpath="$ROOT/system-tests/target/classes:$(cat "$ROOT/system-tests/target/runtime-classpath.txt")"
  log "starting PostgreSQL on port $PGPORT (data in $STATE/postgres)"
  java -cp "$classpath" dev.generatorsuite.systemtests.LocalPostgres "$PGPORT" "$STATE/postgres" \
    >"$STATE/logs/postgres.log" 2>&1 &
  PIDS+=($!)
  local i
  for ((i = 0; i < 120; i++)); do
    grep -q "PostgreSQL ready" "$STATE/logs/postgres.log" && { log "PostgreSQL is ready"; return; }
    sleep 0.5
  done
  echo "run-local: PostgreSQL did not start; see $STATE/logs/postgres.log" >&2
  exit 1
}

start_service() { # name port [KEY=VALUE...]
  local name=$1 port=$2
  shift 2
  log "starting $name on port $port"
  env QUARKUS_HTTP_PORT="$port" "$@" \
    java -Xmx256m -Dvertx.disableURIValidation=true -jar "$ROOT/$name/target/quarkus-app/quarkus-run.jar" >"$STATE/logs/$name.log" 2>&1 &
  PIDS+=($!)
}

main() {
  mkdir -p "$STATE/logs"
  build_jars
  trap stop_all EXIT
  # Ctrl-C or a TERM ends the script through the EXIT trap, which stops every child.
  trap 'exit 130' INT
  trap 'exit 143' TERM
  start_postgres
  start_service int-service 8081
  start_service float-service 8082
  start_service combiner-service 8083 \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://localhost:$PGPORT/generator" \
    QUARKUS_DATASOURCE_USERNAME=generator QUARKUS_DATASOURCE_PASSWORD=generator
  start_service frontend-service 8080 \
    QUARKUS_REST_CLIENT_INT_URL=http://localhost:8081 \
    QUARKUS_REST_CLIENT_FLOAT_URL=http://localhost:8082 \
    QUARKUS_REST_CLIENT_COMBINER_URL=http://localhost:8083
  wait_for int-service http://localhost:8081/q/health/ready
  wait_for float-service http://localhost:8082/q/health/ready
  wait_for combiner-service http://localhost:8083/q/health/ready
  wait_for frontend-service http://localhost:8080/q/health/ready
  log "open http://localhost:8080/ (logs in $STATE/logs; Ctrl-C stops everything)"
  wait
}

main
