#!/usr/bin/env bash
# Faults under a steady load (issue #6), on a stack that scripts/up.sh (make up) has deployed.
# wrk posts /api/generate through nginx at about RATE requests/s (scripts/lib/load.sh) while
#   1. each of the four services gets a rolling update (docker service update --force), one after
#      the other, each task replaced start-first as the stack file says: no request may fail;
#   2. PostgreSQL is killed (SIGKILL) and Swarm starts it again: meanwhile the frontend and the
#      combiner answer 503, never 500; afterwards every product acknowledged with 201 is stored,
#      nothing else is, and no idempotency key is stored twice.
# One line per check with its figures, then "N passed, N failed"; non-zero exit status when any
# check failed. Needs: docker (swarm manager), curl, jq, wrk.
set -euo pipefail

usage() { echo "usage: [RATE=50] [WARMUP=60] $0" >&2; }
[[ $# -eq 0 ]] || { usage; exit 2; }

# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=scripts/lib/checks.sh
source "$ROOT/scripts/lib/checks.sh"
# shellcheck source=scripts/lib/load.sh
source "$ROOT/scripts/lib/load.sh"
SCRIPT_NAME=test-faults

RATE="${RATE:-50}"
# Seconds of the same load before the first update, not counted: tasks that earlier checks
# restarted (the stack test kills one of each) are still compiling, and on 2 cores their JIT
# would be measured instead of the rolling update.
WARMUP="${WARMUP:-60}"
CURL=(curl -sk --max-time 15)
RETRY_CLIENTS=4 # posting the keys again after the outage: about 1,000 keys, one request each
WORK="$(mktemp -d)"
# The stack's update policy (docker-stack.yml) pauses 5 s between tasks and watches each new one
# for 15 s, to roll back a release that fails. Neither changes how a task is replaced (start-first,
# one at a time), so the forced updates here go without them: 15 s instead of 33 s for int-service.
# Each service's own policy is put back right after its update, and on any exit.
FAST_UPDATE=(--update-delay 0s --update-monitor 2s)
declare -A UPDATE_POLICY=()

cleanup() {
  local status=$?
  trap - EXIT
  load_stop
  jobs -p | xargs -r kill 2>/dev/null || true
  local svc
  for svc in "${!UPDATE_POLICY[@]}"; do restore_update_policy "$svc"; done
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT

# Swarm's own view: every task of the service running, none still starting or stopping.
service_settled() {
  local service="${STACK_NAME}_$1" replicas
  replicas="$(docker service ls --filter "name=$service" --format '{{.Replicas}}')"
  [[ "${replicas%%/*}" == "${replicas##*/}" ]]
}

# A spec change outside the task template: no task is replaced.
restore_update_policy() {
  local delay monitor
  read -r delay monitor <<<"${UPDATE_POLICY[$1]}"
  docker service update --detach=true --update-delay "$delay" --update-monitor "$monitor" \
    "${STACK_NAME}_$1" >/dev/null 2>&1 || warn "could not restore the update policy of $1 ($delay, $monitor)"
  unset "UPDATE_POLICY[$1]"
}

# Every service updated in turn under the load; the answers of each update's window counted apart.
check_rolling_updates() {
  local svc start end total failed details
  declare -A from to
  log "warming the services up: ${WARMUP}s of the load before the first update (not counted)"
  load_start "$WORK/warmup.log" "$RATE"
  sleep "$WARMUP"
  load_stop
  log "rolling update of every service while wrk posts /api/generate at ~${RATE}/s"
  load_start "$WORK/rolling.log" "$RATE"
  sleep 5
  for svc in "${SERVICES[@]}"; do
    from[$svc]="$(now)"
    log "updating $svc (start-first, waiting until its new tasks are healthy)"
    UPDATE_POLICY[$svc]="$(docker service inspect -f '{{.Spec.UpdateConfig.Delay}} {{.Spec.UpdateConfig.Monitor}}' \
      "${STACK_NAME}_$svc")"
    docker service update --force --detach=false "${FAST_UPDATE[@]}" "${STACK_NAME}_$svc" >/dev/null 2>&1 || true
    restore_update_policy "$svc"
    sleep 3 # requests still in flight to the old tasks
    to[$svc]="$(now)"
  done
  load_stop
  for svc in "${SERVICES[@]}"; do
    start="${from[$svc]}"
    end="${to[$svc]}"
    total="$(load_count "$start" "$end")"
    # shellcheck disable=SC2016  # an awk condition
    failed="$(load_count "$start" "$end" '$2 != 201')"
    details="$total requests in $((end - start))s ($((total / (end - start > 0 ? end - start : 1)))/s), $failed not 201"
    check "rolling update of $svc under load drops no request" "$details" \
      test "$total" -gt 0 -a "$failed" -eq 0
    awk -v f="$start" -v t="$end" '$1 >= f && $1 <= t && $2 != 201 && n++ < 5 { print "    " $0 }' "$LOAD_LOG"
  done
  check "no connection error or timeout during the rolling updates" \
    "$(grep -h '^socket errors' "$LOAD_SUMMARY" || echo 'no summary from wrk'); $(grep -h '^latency' "$LOAD_SUMMARY" || true)" \
    test "$(load_socket_errors)" -eq 0
}

# Posts to the combiner through nginx every 0.5 s until $WORK/stop-probe exists:
# "<epoch s> <status> <problem detail>".
probe_combiner() {
  local code
  while [[ ! -f "$WORK/stop-probe" ]]; do
    : >"$WORK/probe.json" # no detail of an earlier answer when this one has no body
    code="$("${CURL[@]}" -o "$WORK/probe.json" -w '%{http_code}' -X POST \
      -H 'Content-Type: application/json' -d '{"intValue": 3, "floatValue": 1.5}' \
      "$BASE_URL/api/products" || echo 000)"
    printf '%s %s %s\n' "$(now)" "$code" \
      "$(jq -r '.detail // ""' "$WORK/probe.json" 2>/dev/null | cut -c1-160 || true)"
    sleep 0.5
  done
}

# The combiner's log lines of an unexpected error (a 500's detail names its reference), with every
# exception in it (causes and suppressed): what a failing check needs to be understood afterwards.
combiner_errors() {
  local container
  for container in $(docker ps -aq --filter "label=com.docker.swarm.service.name=${STACK_NAME}_combiner-service"); do
    docker logs "$container" 2>&1 | grep -F 'Unexpected error' |
      jq -r '[.timestamp, .message, ([.exception | .. | objects | select(has("exceptionType"))
              | .exceptionType + ": " + (.message // "")] | join(" <- "))] | join(" | ")' \
        2>/dev/null | head -n 5 || true
  done
}

# post_keys KEYS OUT: POST /api/generate once with each Idempotency-Key in file KEYS, from
# RETRY_CLIENTS clients at once (each a share of the keys); "<key> <status> <id> <detail>" a line
# to OUT.
post_keys() {
  local keys="$1" out="$2" part pids=()
  rm -f "$keys".part-*
  split -n "r/$RETRY_CLIENTS" "$keys" "$keys.part-"
  for part in "$keys".part-*; do
    (
      local key code
      while read -r key; do
        code="$("${CURL[@]}" -o "$part.json" -w '%{http_code}' -X POST -H "Idempotency-Key: $key" \
          "$BASE_URL/api/generate" || echo 000)"
        printf '%s %s %s\n' "$key" "$code" \
          "$(jq -r '"\(.id // "-") \((.detail // "")[0:120])"' "$part.json" 2>/dev/null || echo -)"
      done <"$part" >"$part.out"
    ) &
    pids+=("$!")
  done
  wait "${pids[@]}"
  cat "$keys".part-*.out >"$out"
  rm -f "$keys".part-*
}

# What a careful client does after an outage, and the proof that nothing was lost or doubled:
# every key sent whose answer was not a 201 is posted once more with the same key. A product its
# first attempt stored comes back (200, Idempotent-Replayed); otherwise one is made now (201). A
# 503 (a frontend's circuit breaker may stay open a few seconds after the outage) is posted again
# 2 s later, at most 5 rounds. Then every key sent has exactly one row, and every row's id was
# acknowledged to the client.
reconcile_keys() {
  local rows="$WORK/rows" acked="$WORK/acked" sent stored_unacked lost retried
  local retry_codes final_rows unacked_final dup round=1 again=0 started
  keyed_rows() {
    psql_query "SELECT idempotency_key || ' ' || id FROM product WHERE idempotency_key LIKE '$LOAD_KEY_PREFIX-%'" | sort
  }
  awk '$2 == 201 { print $3 }' "$LOAD_LOG" | sort -u >"$acked"
  keyed_rows >"$rows"
  sent="$(sort -u "$LOAD_LOG.sent" | grep -c . || true)"
  lost="$(awk '{ print $2 }' "$rows" | sort -u | comm -13 - "$acked" | grep -c . || true)"
  stored_unacked="$(awk '{ print $2 }' "$rows" | sort -u | comm -23 - "$acked" | grep -c . || true)"
  # The keys not yet settled: sent, and without a row whose id the client saw.
  awk 'NR == FNR { ok[$1]; next } ($2 in ok) { print $1 }' "$acked" "$rows" | sort >"$WORK/settled"
  sort -u "$LOAD_LOG.sent" | comm -23 - "$WORK/settled" >"$WORK/unsettled"
  retried="$(grep -c . "$WORK/unsettled" || true)"
  log "posting the $retried keys not answered with 201 again ($RETRY_CLIENTS clients)"
  : >"$WORK/retries"
  cp "$WORK/unsettled" "$WORK/to-post"
  started="$(now)"
  while [[ -s "$WORK/to-post" ]] && ((round <= 5)); do
    if ((round > 1)); then
      again=$((again + $(grep -c . "$WORK/to-post")))
      log "posting the $(grep -c . "$WORK/to-post") keys answered 503 again in 2 s (round $round of 5)"
      sleep 2
    fi
    post_keys "$WORK/to-post" "$WORK/round"
    cat "$WORK/round" >>"$WORK/retries"
    awk '$2 == 503 { print $1 }' "$WORK/round" >"$WORK/to-post"
    round=$((round + 1))
  done
  echo "figures: $retried keys posted again in $(($(now) - started))s"
  # The last answer of every key posted again.
  awk '{ last[$1] = $0 } END { for (k in last) print last[k] }' "$WORK/retries" >"$WORK/final"
  retry_codes="$(awk '{ n[$2]++ } END { for (s in n) printf "%s x %d, ", s, n[s] }' "$WORK/final")"
  awk '$2 == 200 || $2 == 201 { print $3 }' "$WORK/retries" >>"$acked"
  sort -u -o "$acked" "$acked"
  final_rows="$(keyed_rows | tee "$rows" | grep -c . || true)"
  unacked_final="$(awk '{ print $2 }' "$rows" | sort -u | comm -23 - "$acked" | grep -c . || true)"
  dup="$(psql_query "SELECT count(*) - count(DISTINCT idempotency_key) FROM product WHERE idempotency_key LIKE '$LOAD_KEY_PREFIX-%'")"
  check "no acknowledged product lost when PostgreSQL was killed" \
    "$(grep -c . "$acked" || true) ids acknowledged, $lost of them not in the database" test "$lost" -eq 0
  check "after the outage every key sent has one product, and the client knows each one" \
    "keys sent $sent; stored but answered otherwise during the outage $stored_unacked; posted again $retried (${retry_codes%, }; again after a 503: $again); rows now $final_rows, not acknowledged $unacked_final, duplicate keys $dup" \
    test "$final_rows" -eq "$sent" -a "$unacked_final" -eq 0 -a "$dup" -eq 0 \
    -a "$(awk '$2 != 200 && $2 != 201' "$WORK/final" | grep -c . || true)" -eq 0
  awk '$2 != 200 && $2 != 201 && n++ < 5 { print "    " $0 }' "$WORK/retries"
}

check_postgres_restart() {
  local killed_at back_at first_ok="" victim statuses combiner_statuses probe_pid
  log "killing PostgreSQL while wrk posts /api/generate at ~${RATE}/s"
  load_start "$WORK/postgres.log" "$RATE"
  rm -f "$WORK/stop-probe"
  probe_combiner >"$WORK/combiner.codes" &
  probe_pid=$!
  sleep 5
  victim="$(task_container postgres)"
  killed_at="$(now)"
  docker kill "$victim" >/dev/null
  log "waiting (up to 180s) for Swarm to start PostgreSQL again and for it to accept connections"
  sleep 2
  postgres_container 180 >/dev/null || true
  back_at="$(now)"
  # Bounded wait for the flow to answer 201 again, then a few seconds of normal load.
  while (($(now) < back_at + 60)); do
    first_ok="$(awk -v t="$back_at" '$1 >= t && $2 == 201 { print $1; exit }' "$LOAD_LOG")"
    [[ -z "$first_ok" ]] || break
    sleep 1
  done
  sleep 5
  touch "$WORK/stop-probe"
  load_stop
  wait "$probe_pid" 2>/dev/null || true

  statuses="$(awk '{ n[$2]++ } END { for (s in n) printf "%s x %d, ", s, n[s] }' "$LOAD_LOG")"
  combiner_statuses="$(awk '{ n[$2]++ } END { for (s in n) printf "%s x %d, ", s, n[s] }' "$WORK/combiner.codes")"
  check "PostgreSQL down: the frontend and the combiner answer 503, never 500" \
    "/api/generate: ${statuses%, }; POST /api/products every 0.5 s: ${combiner_statuses%, }; $(grep -h '^socket errors' "$LOAD_SUMMARY" || true)" \
    test "$(awk '$2 != 201 && $2 != 503' "$LOAD_LOG" "$WORK/combiner.codes" | grep -c . || true)" -eq 0 \
    -a "$(load_socket_errors)" -eq 0 -a -n "$combiner_statuses"
  awk '$2 != 201 && $2 != 503 && n++ < 5 { print "    " $0 }' "$LOAD_LOG" "$WORK/combiner.codes"
  if awk '$2 == 500 { found = 1 } END { exit !found }' "$WORK/combiner.codes"; then
    combiner_errors | sed 's/^/    combiner: /'
  fi

  reconcile_keys
  check "the flow recovers by itself once PostgreSQL is back" \
    "PostgreSQL accepted connections $((back_at - killed_at))s after the kill; first 201 $(
      [[ -n "$first_ok" ]] && echo "$((first_ok - back_at))s later" || echo never)" \
    test -n "$first_ok"
}

main() {
  local start
  start="$(now)"
  require_command wrk
  require_command jq
  docker_is_up || die "no Docker engine answers (make up first)"
  [[ -n "$(task_container frontend-service)" ]] || die "the stack is not up (make up first)"
  check_rolling_updates
  check_postgres_restart
  echo "figures: fault tests took $(($(now) - start))s"
  summary
  ((FAILED == 0))
}

main
