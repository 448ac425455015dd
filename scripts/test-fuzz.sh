#!/usr/bin/env bash
# Bad-input test (issue 6) against a stack that scripts/up.sh (make up) has deployed: the
# fuzz-tests module sends at least 1000 malformed requests, generated from a fixed seed, to every
# public endpoint through nginx (https://localhost), paced under the rate limit. Checks: no answer
# 5xx, every 4xx a problem+json (or the page itself on the page paths), no malformed write
# accepted, no private path reached, no product stored (through the API, and in PostgreSQL
# without the scheduled job's rows, which the stack's "stacktest" job may add meanwhile).
# One line per check, "figures: ..." lines, then "N passed, N failed"; non-zero exit status when
# any check failed. Needs: mvn, curl, docker (swarm manager). Maven's output: $LOG.
set -euo pipefail

usage() { echo "usage: [BASE_URL=https://localhost] [SEED=6006] [REQUESTS=1200] [LOG=file] $0" >&2; }
[[ $# -eq 0 ]] || { usage; exit 2; }

# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=scripts/lib/checks.sh
source "$ROOT/scripts/lib/checks.sh"
SCRIPT_NAME=test-fuzz

BASE_URL="${BASE_URL:-https://localhost}"
SEED="${SEED:-6006}"
REQUESTS="${REQUESTS:-1200}"
LOG="${LOG:-$ROOT/fuzz-tests/target/test-fuzz.log}"
MAX_SECONDS="${MAX_SECONDS:-120}" # the whole run, Maven's start included
FRONTEND="${STACK_NAME}_frontend-service"

# Whether the frontend's scheduled test job is on: it stores products while the fuzz runs.
job_enabled() {
  docker service inspect -f '{{range .Spec.TaskTemplate.ContainerSpec.Env}}{{println .}}{{end}}' \
    "$FRONTEND" 2>/dev/null | grep -qx 'FRONTEND_JOBS_STACKTEST_ENABLED=true'
}

# Products in PostgreSQL that no scheduled job made (job rows carry an idempotency key job:...).
rows_not_from_jobs() {
  local container
  container="$(postgres_container 30)" || return 1
  docker exec "$container" psql -U generator -d generator -tAc \
    "SELECT count(*) FROM product WHERE idempotency_key IS NULL OR idempotency_key NOT LIKE 'job:%'"
}

run_fuzz() {
  local other_writers="$1" status=0
  mkdir -p "$(dirname "$LOG")"
  log "sending $REQUESTS malformed requests (seed $SEED) to $BASE_URL (Maven output: $LOG)"
  (cd "$ROOT" && ${MVN:-mvn -B -ntp} -Dstyle.color=never -pl fuzz-tests verify \
    "-Dfuzz.baseUrl=$BASE_URL" "-Dfuzz.seed=$SEED" "-Dfuzz.requests=$REQUESTS" \
    "-Dfuzz.otherWriters=$other_writers") >"$LOG" 2>&1 || status=$?
  # The test's own lines: "FUZZ PASS  ...", "FUZZ FAIL  ...", "FUZZ figures: ...", "FUZZ   ...".
  local line
  while IFS= read -r line; do
    case "$line" in
      "FUZZ PASS  "*) pass "${line#FUZZ PASS  }" ;;
      "FUZZ FAIL  "*) fail "${line#FUZZ FAIL  }" ;;
      "FUZZ "*) echo "${line#FUZZ }" ;;
    esac
  done < <(grep '^FUZZ ' "$LOG" || true)
  if ! grep -q '^FUZZ \(PASS\|FAIL\)' "$LOG"; then
    fail "the fuzz test ran (Maven exit status $status; last lines of $LOG below)"
    tail -n 30 "$LOG" | sed 's/^/  /'
  elif ((status != 0)) && ((FAILED == 0)); then
    fail "Maven's run of fuzz-tests (exit status $status; see $LOG)"
  fi
}

main() {
  local start other_writers=false before after
  start="$(now)"
  require_command curl
  require_command docker
  require_command mvn maven
  local answer
  answer="$(curl -sk -o /dev/null -w '%{http_code}' --max-time 10 "$BASE_URL/api/products/stats" || true)"
  [[ "$answer" == 200 ]] || die "$BASE_URL/api/products/stats answers '$answer': deploy the stack first (make up)"
  if job_enabled; then
    other_writers=true
    log "the stacktest job is on: its products are left out of the row count"
  fi
  before="$(rows_not_from_jobs || echo unknown)"
  run_fuzz "$other_writers"
  after="$(rows_not_from_jobs || echo unknown)"
  check "no product stored, counted in PostgreSQL without the scheduled jobs' rows" \
    "$before -> $after" test "$before" != unknown -a "$before" = "$after"
  local took=$(($(now) - start))
  check "the whole fuzz run is bounded" "${took}s, limit ${MAX_SECONDS}s" test "$took" -le "$MAX_SECONDS"
  log "finished in ${took}s"
  summary
  ((FAILED == 0))
}

main
