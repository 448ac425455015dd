#!/usr/bin/env bash
# Removes the stack "generator-suite" (make down), and the optional monitoring stack attached to
# it, and waits until their containers and networks are gone. The database volume is kept unless
# KEEP_DATA=0. Safe to run when nothing is deployed.
set -euo pipefail

usage() { echo "usage: [KEEP_DATA=0] [DOWN_TIMEOUT=120] $0" >&2; }
[[ $# -eq 0 ]] || { usage; exit 2; }

# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

DOWN_TIMEOUT="${DOWN_TIMEOUT:-120}"
DATA_VOLUME="${STACK_NAME}_db-data"

stack_leftovers() {
  local containers networks
  containers="$(docker ps -aq --filter "label=com.docker.stack.namespace=$STACK_NAME" | wc -l)"
  networks="$(docker network ls -q --filter "label=com.docker.stack.namespace=$STACK_NAME" | wc -l)"
  if ((containers + networks > 0)); then
    echo "$containers container(s), $networks network(s)"
  fi
}

remove_stack() {
  if docker stack ls --format '{{.Name}}' | grep -qx "$STACK_NAME"; then
    log "removing stack $STACK_NAME"
    docker stack rm "$STACK_NAME" >/dev/null
  else
    log "stack $STACK_NAME is not deployed"
  fi
}

wait_until_gone() {
  local deadline=$(($(now) + DOWN_TIMEOUT)) left
  while left="$(stack_leftovers)" && [[ -n "$left" ]]; do
    if (($(now) > deadline)); then
      die "after ${DOWN_TIMEOUT}s the stack still has $left"
    fi
    log "  waiting for $left of $STACK_NAME to go"
    sleep 2
  done
  log "nothing of $STACK_NAME runs any more"
}

remove_data() {
  if [[ "${KEEP_DATA:-1}" != 0 ]]; then
    docker volume inspect "$DATA_VOLUME" >/dev/null 2>&1 &&
      log "keeping the database volume $DATA_VOLUME (KEEP_DATA=0 removes it)"
    return 0
  fi
  if docker volume inspect "$DATA_VOLUME" >/dev/null 2>&1; then
    log "KEEP_DATA=0: removing the database volume $DATA_VOLUME"
    docker volume rm "$DATA_VOLUME" >/dev/null
  fi
}

main() {
  if ! docker_is_up; then
    log "the Docker engine is not running: nothing to remove"
    return
  fi
  if [[ "$(docker info -f '{{.Swarm.LocalNodeState}}')" == active ]]; then
    # The optional monitoring uses this stack's network: it goes first, or the network stays.
    "$ROOT/scripts/monitoring-down.sh" | grep -v 'is not deployed\|nothing of' || true
    remove_stack
  fi
  wait_until_gone
  remove_data
}

main
