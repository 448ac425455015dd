#!/usr/bin/env bash
# Removes the optional monitoring stack (make monitoring-down) and waits until its containers
# are gone; Prometheus' data volume is kept. Safe to run when nothing is deployed.
set -euo pipefail

usage() { echo "usage: $0" >&2; }
[[ $# -eq 0 ]] || { usage; exit 2; }

# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

MONITORING_STACK="${MONITORING_STACK:-${STACK_NAME}-monitoring}"
DOWN_TIMEOUT="${DOWN_TIMEOUT:-60}"

main() {
  local deadline left
  if docker stack ls --format '{{.Name}}' | grep -x "$MONITORING_STACK" >/dev/null; then
    log "removing stack $MONITORING_STACK"
    docker stack rm "$MONITORING_STACK" >/dev/null
  else
    log "stack $MONITORING_STACK is not deployed"
  fi
  deadline=$(($(now) + DOWN_TIMEOUT))
  while left="$(docker ps -aq --filter "label=com.docker.stack.namespace=$MONITORING_STACK" | wc -l)" &&
    ((left > 0)); do
    (($(now) < deadline)) || die "after ${DOWN_TIMEOUT}s $left container(s) of $MONITORING_STACK remain"
    log "  waiting for $left container(s) of $MONITORING_STACK to go"
    sleep 2
  done
  log "nothing of $MONITORING_STACK runs any more"
}

main
