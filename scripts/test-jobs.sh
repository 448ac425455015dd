#!/usr/bin/env bash
# Stack test of scheduled jobs (issue #9) on a stack that scripts/up.sh (make up) has deployed:
# the frontend's "stacktest" job is switched on every EVERY seconds on the 2 frontend replicas
# (a rolling update of the frontend's environment, undone at the end; none when the stack was
# deployed with these settings: STACKTEST_JOB_* in docker-stack.yml), then
#   1. for DURATION seconds every tick runs exactly once: no duplicates, no gap beyond one tick,
#      every product made once;
#   2. a frontend replica killed in the middle of a run leaves that run FAILED (abandoned after
#      its lease) or SUCCEEDED, never run twice, its products never doubled;
#   3. with int-service scaled to 0 the runs are FAILED with a clear error, and succeed again
#      once it is back.
# One line per check, the figures measured, then "N passed, N failed"; non-zero exit status when
# any check failed. Needs: docker (swarm manager), curl, jq; reads the operators' password from
# .local/secrets/ops_password.
set -euo pipefail

usage() { echo "usage: [EVERY=5] [DURATION=60] [PRODUCTS=20] [LEASE=20] $0" >&2; }
[[ $# -eq 0 ]] || { usage; exit 2; }

# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=scripts/lib/checks.sh
source "$ROOT/scripts/lib/checks.sh"
SCRIPT_NAME=test-jobs

JOB=stacktest
EVERY="${EVERY:-5}"         # seconds between ticks
DURATION="${DURATION:-60}"  # seconds watched in the first phase
PRODUCTS="${PRODUCTS:-20}"  # products per run: enough for a run to last long enough to be killed
LEASE="${LEASE:-20}"        # seconds before an unreported run is marked abandoned
FRONTEND="${STACK_NAME}_frontend-service"
INT="${STACK_NAME}_int-service"
JOB_ENV=(FRONTEND_JOBS_STACKTEST_ENABLED FRONTEND_JOBS_STACKTEST_EVERY
  FRONTEND_JOBS_STACKTEST_PRODUCTS_PER_RUN FRONTEND_JOB_RUNNER_LEASE)

BASE_URL="https://localhost"
CURL=(curl -sk --max-time 15)
WORK="$(mktemp -d)"
ORIGINAL_ENV=""
INT_REPLICAS=""
PAUSED_BEFORE=""

# Runs of the job, scheduled (not manual), with a tick in [FROM, TO) (epoch seconds).
RUNS="job_run WHERE job_name = '$JOB' AND NOT manual"
in_window() { echo "$RUNS AND scheduled_at >= to_timestamp($1) AND scheduled_at < to_timestamp($2)"; }

env_of() { # the environment of the frontend's service spec, one VAR=value a line
  docker service inspect -f '{{range .Spec.TaskTemplate.ContainerSpec.Env}}{{println .}}{{end}}' "$FRONTEND"
}

replicas_of() {
  docker service inspect -f '{{.Spec.Mode.Replicated.Replicas}}' "$1"
}

wait_replicas() { # wait_replicas SERVICE N TIMEOUT: until N/N tasks run
  local service="$1" want="$2" deadline=$(($(now) + $3)) running
  log "waiting for $service to run $want/$want tasks"
  until running="$(docker service ls --filter "name=$service" --format '{{.Replicas}}')" &&
    [[ "$running" == "$want/$want" ]]; do
    (($(now) < deadline)) || return 1
    sleep 2
  done
}

restore() {
  local status=$?
  trap - EXIT
  if [[ -n "$INT_REPLICAS" && "$(replicas_of "$INT")" != "$INT_REPLICAS" ]]; then
    log "restoring $INT to $INT_REPLICAS replicas"
    docker service scale --detach=true "$INT=$INT_REPLICAS" >/dev/null || true
  fi
  if [[ -n "$ORIGINAL_ENV" ]]; then
    local args=() var value
    for var in "${JOB_ENV[@]}"; do
      if value="$(grep -m1 "^$var=" <<<"$ORIGINAL_ENV")"; then
        args+=(--env-add "$value")
      else
        args+=(--env-rm "$var")
      fi
    done
    log "restoring the frontend's job settings (rolling update)"
    docker service update --detach=false "${args[@]}" "$FRONTEND" >/dev/null 2>&1 || true
  fi
  if [[ -n "$PAUSED_BEFORE" ]]; then
    log "pausing job $JOB again, as it was"
    pause_job pause >/dev/null || true
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap restore EXIT

ops_password() { cat "$LOCAL_DIR/secrets/ops_password"; }

# The job as GET /ops/jobs lists it (JSON), or nothing.
job_listed() {
  "${CURL[@]}" -u "ops:$(ops_password)" "$BASE_URL/ops/jobs" |
    jq -c ".[] | select(.name == \"$JOB\")" 2>/dev/null || true
}

# pause_job pause|resume: prints whether the job is paused now.
pause_job() {
  "${CURL[@]}" -u "ops:$(ops_password)" -X POST "$BASE_URL/ops/jobs/$JOB/$1" | jq -r '.paused' 2>/dev/null
}

enable_job() {
  local current setting missing=0 wanted=(FRONTEND_JOBS_STACKTEST_ENABLED=true "FRONTEND_JOBS_STACKTEST_EVERY=${EVERY}s"
    "FRONTEND_JOBS_STACKTEST_PRODUCTS_PER_RUN=$PRODUCTS" "FRONTEND_JOB_RUNNER_LEASE=${LEASE}s")
  current="$(env_of)"
  for setting in "${wanted[@]}"; do grep -qxF "$setting" <<<"$current" || missing=$((missing + 1)); done
  if ((missing == 0)); then
    # Deployed with these settings (the stack test does, to spare two rolling updates): left as is.
    log "job $JOB is on as deployed: every ${EVERY}s, $PRODUCTS products per run, lease ${LEASE}s"
  else
    ORIGINAL_ENV="$current"
    log "switching on job $JOB: every ${EVERY}s, $PRODUCTS products per run, lease ${LEASE}s (rolling update of $FRONTEND)"
    docker service update --detach=false "${wanted[@]/#/--env-add=}" \
      "$FRONTEND" >"$WORK/update.log" 2>&1 || { tail -n 20 "$WORK/update.log"; die "the frontend update failed"; }
  fi
  wait_replicas "$FRONTEND" 2 180 || die "$FRONTEND did not come back to 2/2"
  local job="" listed="" attempt
  for attempt in $(seq 1 30); do
    job="$(job_listed)"
    listed="$(jq -r '"\(.schedule) enabled=\(.enabled)"' <<<"$job" 2>/dev/null || true)"
    [[ "$listed" != "every ${EVERY}s enabled=true" ]] || break
    sleep 2
  done
  check "job listed by the operators' endpoint" "GET /ops/jobs -> '$listed' after $attempt tries" \
    test "$listed" = "every ${EVERY}s enabled=true"
  # A pause is kept in the combiner's database: an earlier run (the stack test pauses the job
  # after this test) leaves it paused on a kept volume.
  if [[ "$(jq -r '.paused' <<<"$job" 2>/dev/null || true)" == true ]]; then
    log "job $JOB is paused (kept in the database): resuming it for the test"
    PAUSED_BEFORE=1
    [[ "$(pause_job resume || true)" == false ]] || die "could not resume job $JOB"
  fi
  local anonymous
  anonymous="$("${CURL[@]}" -o /dev/null -w '%{http_code}' -X POST "$BASE_URL/ops/jobs/$JOB/pause" || true)"
  check "operator paths need the login" "POST /ops/jobs/$JOB/pause without it -> $anonymous" \
    test "$anonymous" = 401
}

# Phase 1: DURATION seconds of ticks, from the next tick on.
check_one_run_per_tick() {
  local from to expected runs distinct duplicates missing gap failed products owners
  from=$((($(now) / EVERY + 1) * EVERY))
  to=$((from + DURATION))
  log "watching ${DURATION}s of ticks from $(date -u -d "@$from" +%T) UTC"
  sleep $((to - $(now) + EVERY + 5))
  expected=$((DURATION / EVERY))
  runs="$(psql_query "SELECT count(*) FROM $(in_window "$from" "$to")")"
  distinct="$(psql_query "SELECT count(DISTINCT scheduled_at) FROM $(in_window "$from" "$to")")"
  duplicates=$((runs - distinct))
  missing=$((expected - distinct))
  # The longest distance between consecutive runs, the window's edges included.
  gap="$(psql_query "SELECT coalesce(max(d), 0)::int FROM (SELECT extract(epoch FROM
    scheduled_at - lag(scheduled_at, 1, to_timestamp($from - $EVERY)) OVER (ORDER BY scheduled_at)) AS d
    FROM $(in_window "$from" "$to")) t")"
  failed="$(psql_query "SELECT count(*) FROM $(in_window "$from" "$to") AND status <> 'SUCCEEDED'")"
  products="$(psql_query "SELECT count(*) FROM product p, $(in_window "$from" "$to")
    AND p.idempotency_key LIKE 'job:$JOB:' || (extract(epoch FROM scheduled_at) * 1000)::bigint || ':%'")"
  owners="$(psql_query "SELECT string_agg(owner || '=' || n, ' ') FROM (SELECT owner, count(*) AS n
    FROM $(in_window "$from" "$to") GROUP BY owner ORDER BY owner) t")"
  echo "figures: ticks $expected, runs $runs, duplicates $duplicates, missing $missing, longest gap ${gap}s," \
    "not succeeded $failed, products $products (expected $((runs * PRODUCTS))), winners: ${owners:-none}"
  check "one run per tick" "$runs runs of $expected ticks, $duplicates duplicates" \
    test "$duplicates" -eq 0 -a "$runs" -ge $((expected - 1)) -a "$runs" -le "$expected"
  check "no gap beyond one tick" "longest distance between runs ${gap}s, ticks every ${EVERY}s" \
    test "$gap" -le $((2 * EVERY))
  check "every run succeeded and made its products once" \
    "$failed not succeeded; $products products stored for $runs runs of $PRODUCTS" \
    test "$failed" -eq 0 -a "$products" -eq $((runs * PRODUCTS))
}

# Phase 2: kill the replica that runs the current tick, in the middle of its run.
check_killed_replica() {
  local deadline=$(($(now) + 6 * EVERY)) row="" id owner tick container status error rows products
  log "waiting for a run in progress to kill its replica"
  while (($(now) < deadline)); do
    row="$(psql_query "SELECT id, owner, (extract(epoch FROM scheduled_at) * 1000)::bigint
      FROM $RUNS AND status = 'RUNNING' ORDER BY id DESC LIMIT 1" | tr '|' ' ')"
    [[ -z "$row" ]] || break
    sleep 0.2
  done
  if [[ -z "$row" ]]; then
    fail "a replica killed mid-run (no run was seen in progress within $((6 * EVERY))s; raise PRODUCTS)"
    return
  fi
  read -r id owner tick <<<"$row"
  # The owner is the container's host name: its id.
  container="$(docker ps -q --filter "id=$owner" | head -n 1)"
  if [[ -z "$container" ]]; then
    fail "a replica killed mid-run (no running container for owner $owner of run $id)"
    return
  fi
  docker kill "$container" >/dev/null
  log "killed $owner in the middle of run $id; waiting for its lease (${LEASE}s) to run out"
  sleep $((LEASE + 2 * EVERY + 5))
  IFS='|' read -r status error <<<"$(psql_query "SELECT status, coalesce(error, '') FROM job_run WHERE id = $id")"
  rows="$(psql_query "SELECT count(*) FROM job_run WHERE job_name = '$JOB'
    AND (extract(epoch FROM scheduled_at) * 1000)::bigint = $tick")"
  products="$(psql_query "SELECT count(*) FROM product WHERE idempotency_key LIKE 'job:$JOB:$tick:%'")"
  echo "figures: killed run $id of $owner: $status${error:+ ($error)}, $rows run(s) for its tick, $products products of $PRODUCTS"
  check "a replica killed mid-run leaves the run failed or done, never run twice" \
    "run $id $status, $rows run(s) for the tick, $products products" \
    test "$rows" -eq 1 -a "$products" -le "$PRODUCTS" \
    -a \( "$status" = SUCCEEDED -o \( "$status" = FAILED -a -n "$(grep abandoned <<<"$error")" \) \)
  wait_replicas "$FRONTEND" 2 180 || fail "$FRONTEND did not come back to 2/2 after the kill"
}

# Phase 3: int-service away, then back.
check_int_service_outage() {
  local from to runs failed clear sample back deadline recovered=""
  INT_REPLICAS="$(replicas_of "$INT")"
  log "scaling $INT to 0"
  docker service scale --detach=false "$INT=0" >/dev/null 2>&1
  from=$((($(now) / EVERY + 1) * EVERY))
  to=$((from + 4 * EVERY))
  sleep $((to - $(now) + EVERY + 5))
  runs="$(psql_query "SELECT count(*) FROM $(in_window "$from" "$to")")"
  failed="$(psql_query "SELECT count(*) FROM $(in_window "$from" "$to") AND status = 'FAILED'")"
  clear="$(psql_query "SELECT count(*) FROM $(in_window "$from" "$to")
    AND error LIKE 'int-service is unavailable%'")"
  sample="$(psql_query "SELECT error FROM $(in_window "$from" "$to") AND status = 'FAILED'
    ORDER BY scheduled_at DESC LIMIT 1")"
  echo "figures: int-service at 0: $runs runs, $failed failed, $clear naming int-service; last error: ${sample:-none}"
  check "runs fail with a clear error while int-service is away" \
    "$failed of $runs runs failed, $clear say 'int-service is unavailable'" \
    test "$runs" -ge 3 -a "$failed" -eq "$runs" -a "$clear" -eq "$runs"

  log "scaling $INT back to $INT_REPLICAS; waiting for a run to succeed again"
  docker service scale --detach=false "$INT=$INT_REPLICAS" >/dev/null 2>&1
  back="$(now)"
  deadline=$((back + 240))
  while (($(now) < deadline)); do
    recovered="$(psql_query "SELECT count(*) FROM $RUNS AND status = 'SUCCEEDED'
      AND scheduled_at >= to_timestamp($back)")"
    [[ "$recovered" -eq 0 ]] || break
    sleep "$EVERY"
  done
  echo "figures: first success $(($(now) - back))s after int-service was scaled back"
  check "runs succeed again once int-service is back" \
    "$recovered succeeded within $(($(now) - back))s of scaling back" test "$recovered" -gt 0
}

main() {
  local start
  start="$(now)"
  require_command jq
  require_command curl
  docker service inspect "$FRONTEND" >/dev/null 2>&1 || die "no stack '$STACK_NAME': deploy it first (make up)"
  [[ -r "$LOCAL_DIR/secrets/ops_password" ]] || die "no operators' password in $LOCAL_DIR/secrets"
  [[ "$(replicas_of "$FRONTEND")" == 2 ]] || die "$FRONTEND must run 2 replicas"
  enable_job
  check_one_run_per_tick
  check_killed_replica
  check_int_service_outage
  log "finished in $(($(now) - start))s"
  summary
  ((FAILED == 0))
}

main
