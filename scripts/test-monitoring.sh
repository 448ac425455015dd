#!/usr/bin/env bash
# Test of the optional monitoring against the running product stack (scripts/test-stack.sh calls
# it while its deployment is up; alone: `make up` first). Checks the Prometheus configuration and
# rules (promtool) and the Grafana dashboard (jq), deploys monitoring/docker-stack.monitoring.yml,
# waits until Prometheus reports every task of the four services up, scales int-service to 0 and
# waits for the ServiceDown alert to fire, scales it back and waits for the alert to clear, then
# removes the monitoring stack and its data (KEEP_MONITORING=1 leaves them). It starts from an
# empty Prometheus: a monitoring stack already running is replaced. Prints how long each step took.
# One line per check, then "N passed, N failed"; non-zero exit when any check failed.
set -euo pipefail

usage() { echo "usage: [KEEP_MONITORING=1] [PROMETHEUS_PORT=9090] [ALERT_TIMEOUT=120] $0" >&2; }
[[ $# -eq 0 ]] || { usage; exit 2; }

# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=scripts/lib/checks.sh
source "$ROOT/scripts/lib/checks.sh"
SCRIPT_NAME=test-monitoring

PROMETHEUS_PORT="${PROMETHEUS_PORT:-9090}"
PROMETHEUS="http://localhost:$PROMETHEUS_PORT"
ALERT_TIMEOUT="${ALERT_TIMEOUT:-120}"
TARGETS_TIMEOUT="${TARGETS_TIMEOUT:-90}"
DOWN_SERVICE=int-service
# Each run starts from an empty TSDB: series of an earlier run would linger for 5 minutes.
DATA_VOLUME="${STACK_NAME}-monitoring_prometheus-data"
DASHBOARD="$ROOT/monitoring/grafana/dashboards/generator-suite.json"
DATASOURCE="$ROOT/monitoring/grafana/provisioning/datasources/prometheus.yml"
TIMINGS=()

ORIGINAL_REPLICAS=""
cleanup() {
  local status=$?
  trap - EXIT
  # Never leave the product short of a service, whatever happened above.
  if [[ -n "$ORIGINAL_REPLICAS" ]]; then
    docker service scale --detach=true "${STACK_NAME}_$DOWN_SERVICE=$ORIGINAL_REPLICAS" >/dev/null 2>&1 || true
  fi
  if [[ "${KEEP_MONITORING:-0}" != 1 ]]; then
    remove_monitoring
  fi
  exit "$status"
}
trap cleanup EXIT

remove_monitoring() {
  "$ROOT/scripts/monitoring-down.sh" >/dev/null 2>&1 || true
  docker volume rm -f "$DATA_VOLUME" >/dev/null 2>&1 || true
}

prometheus_api() { curl -fsS --max-time 5 "$PROMETHEUS/api/v1/$1"; }

# Replicas the product wants of the four services, added up: the targets Prometheus should see.
expected_targets() {
  local svc total=0 replicas
  for svc in "${SERVICES[@]}"; do
    replicas="$(docker service inspect -f '{{.Spec.Mode.Replicated.Replicas}}' "${STACK_NAME}_$svc")"
    total=$((total + replicas))
  done
  echo "$total"
}

# "<up> <total> <services seen>" over the targets of the four services' jobs.
target_counts() {
  prometheus_api targets 2>/dev/null | jq -r '
    [.data.activeTargets[] | select(.labels.job != "prometheus")] as $t
    | "\([$t[] | select(.health == "up")] | length) \($t | length) \([$t[].labels.service] | unique | join(","))"' ||
    echo "0 0 none"
}

# The state of the ServiceDown alert for one service: firing, pending, or none.
service_down_state() {
  prometheus_api alerts 2>/dev/null | jq -r --arg svc "$1" '
    [.data.alerts[] | select(.labels.alertname == "ServiceDown" and .labels.service == $svc) | .state]
    | if index("firing") then "firing" elif index("pending") then "pending" else "none" end' ||
    echo unknown
}

check_configuration() {
  local image="$IMAGE_PREFIX/prometheus:latest" out
  if out="$(docker run --rm --pull never --entrypoint /bin/promtool "$image" \
    check config /etc/prometheus/prometheus.yml 2>&1)"; then
    check "Prometheus configuration and rules are valid" \
      "promtool: $(grep -c SUCCESS <<<"$out") files, $(grep -o '[0-9]* rules found' <<<"$out" | paste -sd' ' -)" true
  else
    fail "Prometheus configuration and rules are valid (promtool: $(tail -n 3 <<<"$out" | paste -sd' ' -))"
  fi
}

check_dashboard() {
  local uid panels bad
  uid="$(sed -n 's/^ *uid: *//p' "$DATASOURCE" | head -n 1)"
  panels="$(jq '.panels | length' "$DASHBOARD" 2>/dev/null || echo 0)"
  # Every panel with queries uses the provisioned data source, and every query has an expression.
  bad="$(jq --arg uid "$uid" '[.panels[] | select(.targets)
      | select(.datasource.uid != $uid or any(.targets[]; (.expr // "") == ""))] | length' \
    "$DASHBOARD" 2>/dev/null || echo invalid)"
  check "Grafana dashboard is valid JSON on the provisioned data source" \
    "$panels panels, data source $uid, panels with another source or an empty query: $bad" \
    test "$panels" -gt 0 -a "$bad" = 0
}

deploy_monitoring() {
  local start
  remove_monitoring
  start="$(now)"
  if "$ROOT/scripts/monitoring-up.sh" >/tmp/test-monitoring-up.log 2>&1; then
    TIMINGS+=("deploy and ready $(($(now) - start))s")
    pass "monitoring stack deploys, Prometheus ready ($(($(now) - start))s)"
  else
    fail "monitoring stack deploys, Prometheus ready ($(($(now) - start))s)"
    tail -n 20 /tmp/test-monitoring-up.log
    summary
    exit 1
  fi
}

# wait_for_targets LABEL: until every expected task is a target and up (bounded).
wait_for_targets() {
  local expected counts start deadline
  expected="$(expected_targets)"
  start="$(now)"
  deadline=$((start + TARGETS_TIMEOUT))
  while counts="$(target_counts)"; do
    read -r up total _ <<<"$counts"
    [[ "$up" != "$expected" || "$total" != "$expected" ]] || break
    (($(now) < deadline)) || break
    sleep 2
  done
  read -r up total services <<<"$counts"
  TIMINGS+=("$1: all targets up after $(($(now) - start))s")
  check "Prometheus reports every task up ($1)" \
    "$up of $total targets up, $expected tasks expected, services: $services, after $(($(now) - start))s" \
    test "$up" = "$expected" -a "$total" = "$expected"
}

# wait_for_alert STATE...: until the ServiceDown alert of $DOWN_SERVICE is in one of the states.
wait_for_alert() {
  local state deadline=$(($(now) + ALERT_TIMEOUT))
  while state="$(service_down_state "$DOWN_SERVICE")"; do
    [[ " $* " != *" $state "* ]] || break
    (($(now) < deadline)) || break
    sleep 1
  done
  echo "$state"
}

check_alert_fires_and_clears() {
  local service="${STACK_NAME}_$DOWN_SERVICE" start state fired cleared back
  # Until the first scrapes are in, absent() holds and the alert is pending: give it a moment.
  start="$(now)"
  state="$(ALERT_TIMEOUT=30 wait_for_alert none)"
  check "no ServiceDown alert while everything runs" \
    "ServiceDown{service=$DOWN_SERVICE}: $state after $(($(now) - start))s" test "$state" = none
  ORIGINAL_REPLICAS="$(docker service inspect -f '{{.Spec.Mode.Replicated.Replicas}}' "$service")"
  log "scaling $DOWN_SERVICE from $ORIGINAL_REPLICAS to 0; waiting up to ${ALERT_TIMEOUT}s for ServiceDown"
  start="$(now)"
  docker service scale --detach=true "$service=0" >/dev/null
  state="$(wait_for_alert firing)"
  fired=$(($(now) - start))
  TIMINGS+=("ServiceDown fired ${fired}s after scaling $DOWN_SERVICE to 0")
  check "ServiceDown fires when $DOWN_SERVICE is scaled to 0" "state $state after ${fired}s" \
    test "$state" = firing

  log "scaling $DOWN_SERVICE back to $ORIGINAL_REPLICAS; waiting for the alert to clear"
  start="$(now)"
  docker service scale --detach=true "$service=$ORIGINAL_REPLICAS" >/dev/null
  state="$(wait_for_alert none)"
  cleared=$(($(now) - start))
  back="$(docker service ls --filter "name=$service" --format '{{.Replicas}}')"
  TIMINGS+=("ServiceDown cleared ${cleared}s after scaling back")
  check "ServiceDown clears when $DOWN_SERVICE is back" "state $state after ${cleared}s, replicas $back" \
    test "$state" = none
  ORIGINAL_REPLICAS=""
}

main() {
  local start
  start="$(now)"
  require_command jq
  require_command curl
  docker service inspect "${STACK_NAME}_$DOWN_SERVICE" >/dev/null 2>&1 ||
    die "the product stack $STACK_NAME is not up (make up)"
  check_dashboard
  deploy_monitoring
  check_configuration
  wait_for_targets "after deploy"
  check_alert_fires_and_clears
  wait_for_targets "after $DOWN_SERVICE is back"
  log "timings: $(printf '%s; ' "${TIMINGS[@]}")"
  log "finished in $(($(now) - start))s"
  summary
  ((FAILED == 0))
}

main
